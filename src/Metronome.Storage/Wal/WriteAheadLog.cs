using Metronome.Storage.Io;

namespace Metronome.Storage.Wal;

/// <summary>
/// The durable write-ahead log with group commit. Callers hand in encoded batches; one writer thread
/// takes everything queued, writes it as one record, fsyncs once, runs <c>onDurable</c> (the store makes
/// the events visible there) and only then completes the callers' tasks. A task that completes means
/// the batch survives a crash; a task that faults means nothing of it was acknowledged.
/// </summary>
public sealed class WriteAheadLog : IDisposable
{
    private readonly IFileSystem _fs;
    private readonly string _directory;
    private readonly WalOptions _options;
    private readonly Action<long, IReadOnlyList<object?>> _onDurable;
    private readonly List<(string Name, long FirstLsn)> _files;
    private readonly object _queueGate = new();
    private readonly Thread _writer;
    private List<Pending> _queue = [];
    private long _queuedBytes;
    private bool _closed;
    private bool _damaged;
    private IAppendableFile _current;
    private long _nextLsn;
    private byte[] _buffer = new byte[1 << 20];

    private WriteAheadLog(IFileSystem fs, string directory, WalOptions options, WalRecovery.Result recovered, Action<long, IReadOnlyList<object?>> onDurable)
    {
        _fs = fs;
        _directory = directory;
        _options = options;
        _onDurable = onDurable;
        _nextLsn = recovered.NextLsn;
        _files = [.. recovered.Files];
        _current = StartFile(_nextLsn);
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "metronome-wal" };
        _writer.Start();
    }

    /// <summary>Bytes dropped from a torn tail during recovery (0 after a clean shutdown).</summary>
    public long RecoveredTornBytes { get; private init; }

    /// <summary>The LSN the next group commit will get.</summary>
    public long NextLsn => Interlocked.Read(ref _nextLsn);

    /// <summary>Replays every record after <paramref name="checkpointLsn"/> through <paramref name="replay"/>
    /// (one call per entry), then opens the log for appending.</summary>
    public static WriteAheadLog Open(
        IFileSystem fs, string directory, long checkpointLsn, WalOptions options,
        WalReplay replay, Action<long, IReadOnlyList<object?>> onDurable)
    {
        fs.CreateDirectory(directory);
        var result = WalRecovery.Replay(fs, directory, checkpointLsn, (lsn, version, payload) =>
            WalPayload.ForEachEntry(payload, version, lsn, replay));
        return new WriteAheadLog(fs, directory, options, result, onDurable) { RecoveredTornBytes = result.TruncatedBytes };
    }

    /// <summary>Queues an entry; completes once it is on disk and visible. The entry's bytes are read
    /// when the group is written, so they must not change until then.</summary>
    public Task AppendAsync(WalEntry entry, object? state)
    {
        var pending = new Pending(entry, state);
        int length = pending.FramedLength;
        lock (_queueGate)
        {
            if (_closed)
            {
                throw new StoreUnavailableException("the store is closed");
            }

            if (_queuedBytes + length > _options.MaxQueuedBytes && _queue.Count > 0)
            {
                throw new StoreBusyException($"the write-ahead log has {_queuedBytes} bytes waiting for disk; retry shortly");
            }

            _queue.Add(pending);
            _queuedBytes += length;
            if (_queue.Count == 1)
            {
                Monitor.Pulse(_queueGate);
            }
        }

        return pending.Completion.Task;
    }

    /// <summary>Deletes log files whose records are all at or below <paramref name="checkpointLsn"/>
    /// (they are in segments now). Never deletes the file being written.</summary>
    public void DeleteUpTo(long checkpointLsn)
    {
        lock (_files)
        {
            while (_files.Count > 1 && _files[1].FirstLsn <= checkpointLsn + 1)
            {
                _fs.Delete(_directory + "/" + _files[0].Name);
                _files.RemoveAt(0);
            }
        }
    }

    public int FileCount
    {
        get
        {
            lock (_files)
            {
                return _files.Count;
            }
        }
    }

    public void Dispose()
    {
        lock (_queueGate)
        {
            _closed = true;
            Monitor.PulseAll(_queueGate);
        }

        _writer.Join();
        _current.Dispose();
    }

    private IAppendableFile StartFile(long firstLsn)
    {
        string name = WalFormat.FileName(firstLsn);
        lock (_files)
        {
            if (_files.Count > 0 && _files[^1].Name == name)
            {
                return _fs.OpenAppend(_directory + "/" + name);
            }

            var file = _fs.OpenAppend(_directory + "/" + name);
            try
            {
                if (file.Length > 0)
                {
                    // Left by an earlier attempt that failed; it is not part of the log yet.
                    file.Truncate(0);
                }

                Span<byte> header = stackalloc byte[WalFormat.FileHeaderSize];
                WalFormat.WriteFileHeader(header, firstLsn);
                file.Append(header);
                file.Sync();
            }
            catch
            {
                file.Dispose();
                throw;
            }

            _files.Add((name, firstLsn));
            return file;
        }
    }

    private void WriteLoop()
    {
        while (true)
        {
            List<Pending> group;
            lock (_queueGate)
            {
                while (_queue.Count == 0 && !_closed)
                {
                    Monitor.Wait(_queueGate);
                }

                if (_queue.Count == 0)
                {
                    return;
                }

                group = _queue;
                _queue = [];
                _queuedBytes = 0;
            }

            Commit(group);
        }
    }

    private void Commit(List<Pending> group)
    {
        long before = -1;
        try
        {
            // Rotating here, inside the try, makes a failure to start the next file fail this group
            // (and retry on the next) instead of killing the writer thread.
            if (_current.Length >= _options.FileSizeBytes)
            {
                var next = StartFile(_nextLsn);
                _current.Dispose();
                _current = next;
            }

            if (_damaged)
            {
                throw new StoreUnavailableException("the write-ahead log could not undo a failed write; restart the store to recover it");
            }

            before = _current.Length;
            if (_fs.AvailableBytes() < _options.ReserveBytes)
            {
                throw new StoreUnavailableException("the disk is full: fewer than " + _options.ReserveBytes + " bytes free for the store");
            }

            int payloadLength = 0;
            foreach (var p in group)
            {
                payloadLength += p.FramedLength;
            }

            int total = WalFormat.RecordHeaderSize + payloadLength;
            if (_buffer.Length < total)
            {
                _buffer = new byte[Math.Max(total, _buffer.Length * 2)];
            }

            int offset = WalFormat.RecordHeaderSize;
            foreach (var p in group)
            {
                offset += WalPayload.WriteFramed(_buffer.AsSpan(offset), p.Entry);
            }

            long lsn = _nextLsn;
            WalFormat.WriteRecord(_buffer.AsSpan(0, total), lsn, _buffer.AsSpan(WalFormat.RecordHeaderSize, payloadLength));
            _current.Append(_buffer.AsSpan(0, total));
            _current.Sync();
            Interlocked.Exchange(ref _nextLsn, lsn + 1);

            // The record is durable and its LSN used: from here on a failure must not truncate it.
            before = -1;
            _onDurable(lsn, group.ConvertAll(p => p.State));
        }
        catch (Exception ex)
        {
            if (before >= 0)
            {
                TryTruncate(before);
            }

            var failure = ex as StoreUnavailableException ?? new StoreUnavailableException("writing the log failed: " + ex.Message, ex);
            foreach (var p in group)
            {
                p.Completion.TrySetException(failure);
            }

            return;
        }

        foreach (var p in group)
        {
            p.Completion.TrySetResult();
        }
    }

    private void TryTruncate(long length)
    {
        try
        {
            if (_current.Length > length)
            {
                _current.Truncate(length);
            }
        }
        catch (IOException)
        {
            // The unacknowledged record stays in the file: writing after it would reuse its LSN and
            // make the log unrecoverable, so refuse writes until recovery deals with it on restart.
            _damaged = true;
        }
    }

    private sealed class Pending(WalEntry entry, object? state)
    {
        public WalEntry Entry { get; } = entry;

        public int FramedLength { get; } = WalPayload.FramedLength(entry);

        public object? State { get; } = state;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

public sealed record WalOptions
{
    /// <summary>A new log file is started past this size.</summary>
    public long FileSizeBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Back-pressure: appends beyond this many queued bytes are refused with <see cref="StoreBusyException"/>.</summary>
    public long MaxQueuedBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Writes are refused while the disk has less free space than this.</summary>
    public long ReserveBytes { get; init; } = 64L * 1024 * 1024;
}
