using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Core.Text;
using Metronome.Core.Time;
using Metronome.Storage.Aggregation;
using Metronome.Storage.Io;
using Metronome.Storage.Manifest;
using Metronome.Storage.Scanning;
using Metronome.Storage.Segments;
using Metronome.Storage.Tail;
using Metronome.Storage.Wal;

namespace Metronome.Storage;

/// <summary>
/// The embedded event store: a write-ahead log with group commit, an in-memory tail of acknowledged
/// events, and immutable columnar segments per (app, UTC day) built from the tail in the background.
/// Readers take a snapshot (segments + tail view) and never block writers.
/// </summary>
public sealed partial class EventStore : IEventStore
{
    public const string WalDirectory = "wal";
    public const string SegmentDirectory = "segments";

    /// <summary>The path of the segment file named <paramref name="file"/>, relative to the store's root.</summary>
    internal static string SegmentPath(string file) => SegmentDirectory + "/" + file;

    private readonly IFileSystem _fs;
    private readonly StoreOptions _options;
    private readonly TimeProvider _clock;
    private readonly StringPool _strings = new();
    private readonly Dictionary<string, IWireCodec> _codecs;

    /// <summary>Segment dictionary entries, interned so that a group key seen in one segment matches the
    /// same key of the next by reference. Separate from <see cref="_strings"/>, which long dictionaries
    /// would otherwise fill; bounded, so at worst some entries go unshared.</summary>
    private readonly StringPool _dictionaryStrings = new(maxEntries: 1 << 18, maxLength: 128);
    private readonly Lock _stateGate = new();
    private readonly SemaphoreSlim _maintenanceGate = new(1, 1);
    private readonly SemaphoreSlim _sealGate = new(1, 1);
    /// <summary>Guards <see cref="_manifest"/>: sealing and compaction run side by side and both change it.</summary>
    private readonly Lock _manifestGate = new();
    /// <summary>When each partition was last sealed into (µs): compaction leaves hot partitions be.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string App, string Day), long> _lastSealed = new();

    /// <summary>Partitions sealed into within the compaction quiet period, as compaction last saw them.</summary>
    internal int HotPartitionCount => _lastSealed.Count;

    /// <summary>Queries registered as reading tail batches (<see cref="TailRecycler"/>).</summary>
    internal int TailReaders => _tailRecycler.Readers;

    /// <summary>Bytes of sealed batches' arrays waiting for readers to leave before they are reused.</summary>
    internal long TailArraysWaiting => _tailRecycler.WaitingBytes;
    /// <summary>Released when the tail is due for a seal, so sealing does not wait for the next tick.</summary>
    private readonly SemaphoreSlim _sealWanted = new(0, 1);
    /// <summary>Completed (and replaced) after every seal: appends waiting for room watch it.</summary>
    private TaskCompletionSource _sealed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly WriteAheadLog _wal;
    private readonly Task _sealing;
    private readonly Task _compaction;
    private StoreManifest _manifest;
    private volatile StoreState _state;
    /// <summary>Sealed batches' pooled arrays go back to the pool once no query can be reading them.</summary>
    private readonly TailRecycler _tailRecycler = new();
    private int _disposed;
    private FileStream? _directoryLock;

    private EventStore(IFileSystem fs, StoreOptions options, TimeProvider clock)
    {
        _fs = fs;
        _options = options;
        _clock = clock;
        _codecs = options.WireCodecs.ToDictionary(c => c.Name, StringComparer.Ordinal);
        _fs.CreateDirectory(SegmentDirectory);
        _manifest = StoreManifest.Load(fs);
        DeleteOrphanSegments();
        var segments = _manifest.Segments.Select(info => Segment.Open(fs, info, _dictionaryStrings)).ToImmutableArray();
        var tail = TailView.Empty;
        _wal = WriteAheadLog.Open(fs, WalDirectory, _manifest.CheckpointLsn, options.Wal,
            replay: (lsn, entry) => tail = tail.Append(new TailBatch(lsn, Replayed(entry))),
            onDurable: OnDurable);
        _state = new StoreState(segments, tail);
        bool background = options.MaintenanceInterval > TimeSpan.Zero;
        _sealing = background ? DedicatedParallel.Start(SealLoop) : Task.CompletedTask;
        _compaction = background ? DedicatedParallel.Start(CompactionLoop) : Task.CompletedTask;
    }

    /// <summary>Bytes of a torn log tail dropped while opening (0 after a clean shutdown).</summary>
    public long RecoveredTornBytes => _wal.RecoveredTornBytes;

    /// <summary>Opens (recovering if needed) the store in <paramref name="fs"/>. Throws
    /// <see cref="WalCorruptionException"/> rather than skip damaged records.</summary>
    public static EventStore Open(IFileSystem fs, StoreOptions? options = null, TimeProvider? clock = null) =>
        new(fs, options ?? new StoreOptions(), clock ?? TimeProvider.System);

    /// <summary>Opens the store in a directory, holding an exclusive lock on it: two processes writing
    /// one log would corrupt it.</summary>
    public static EventStore Open(string directory, StoreOptions? options = null, TimeProvider? clock = null)
    {
        Directory.CreateDirectory(directory);
        FileStream directoryLock;
        try
        {
            directoryLock = new FileStream(Path.Combine(directory, "LOCK"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new StoreUnavailableException($"the store in {Path.GetFullPath(directory)} is in use by another Metronome process (stop the server before running offline commands)");
        }

        try
        {
            var store = Open(new PhysicalFileSystem(directory), options, clock);
            store._directoryLock = directoryLock;
            return store;
        }
        catch
        {
            directoryLock.Dispose();
            throw;
        }
    }

    public Task AppendAsync(IReadOnlyList<Event> events, CancellationToken cancellationToken = default) =>
        events.Count == 0 ? Task.CompletedTask : AppendAsync(EventBatch.From(events), cancellationToken);

    public Task AppendAsync(EventBatch batch, CancellationToken cancellationToken = default) =>
        AppendAsync(batch, WalEntry.Batch(batch.Encoded), cancellationToken);

    /// <summary>Logs <paramref name="wire"/> instead of the batch's encoding when its codec is registered
    /// (<see cref="StoreOptions.WireCodecs"/>); the tail gets the batch either way.</summary>
    public Task AppendAsync(EventBatch batch, WireForm wire, CancellationToken cancellationToken = default) =>
        AppendAsync(batch, _codecs.ContainsKey(wire.Codec) ? WalEntry.Wire(wire) : WalEntry.Batch(batch.Encoded), cancellationToken);

    private Task AppendAsync(EventBatch batch, WalEntry logged, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return Task.CompletedTask;
        }

        return _state.Tail.EventCount > _options.MaxTailEvents
            ? AppendWhenRoomAsync(batch, logged, cancellationToken)
            : AppendNow(batch, logged);
    }

    private Task AppendNow(EventBatch batch, WalEntry logged)
    {
        try
        {
            // Once the entry is durable, the batch goes into the tail.
            return _wal.AppendAsync(logged, batch);
        }
        catch (Exception ex) when (ex is StoreBusyException or StoreUnavailableException)
        {
            return Task.FromException(ex);
        }
    }

    /// <summary>Back-pressure: while the tail is over its limit, an append waits (up to
    /// <see cref="StoreOptions.BackpressureWait"/>) for seals to make room, so a client that keeps sending
    /// slows down to the sealing rate instead of being told to go away for a second; after that it is
    /// refused as busy.</summary>
    private async Task AppendWhenRoomAsync(EventBatch batch, WalEntry logged, CancellationToken cancellationToken)
    {
        bool canWait = _options.BackpressureWait > TimeSpan.Zero && _options.MaintenanceInterval > TimeSpan.Zero;
        long waitingSince = _clock.GetTimestamp();
        while (true)
        {
            // Taken before looking at the tail: a seal finishing in between completes this one.
            var sealedOnce = Volatile.Read(ref _sealed).Task;
            if (_state.Tail.EventCount <= _options.MaxTailEvents)
            {
                break;
            }

            var remaining = _options.BackpressureWait - _clock.GetElapsedTime(waitingSince);
            if (!canWait || remaining <= TimeSpan.Zero)
            {
                throw new StoreBusyException($"{_state.Tail.EventCount} events are waiting to be sealed into segments; retry shortly");
            }

            WakeSealing();
            try
            {
                await sealedOnce.WaitAsync(remaining, _clock, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
        }

        await AppendNow(batch, logged).ConfigureAwait(false);
    }

    public IEnumerable<Event> Scan(ScanQuery query, CancellationToken cancellationToken = default)
    {
        using var reader = _tailRecycler.Enter();
        var state = _state;
        foreach (var segment in state.Segments)
        {
            if (!segment.Overlaps(query))
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            foreach (var e in segment.Scan(query))
            {
                yield return e;
            }
        }

        for (int b = 0; b < state.Tail.Count; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var e in state.Tail.Batches[b].Events(_strings))
            {
                if (EventMatcher.Matches(e, query))
                {
                    yield return e;
                }
            }
        }
    }

    /// <summary>
    /// Aggregates the segments on up to <see cref="StoreOptions.QueryThreads"/> threads, in partitions of
    /// contiguous segments (in time order) each with its own group table, then merges the tables in
    /// order and adds the tail. Counts, distinct counts, extremes and quantiles do not depend on the
    /// number of workers; floating-point sums can differ in their last bits between worker counts.
    /// </summary>
    public AggregateResult Aggregate(AggregateQuery query, CancellationToken cancellationToken = default)
    {
        using var reader = _tailRecycler.Enter();
        var state = _state;
        var segments = state.Segments.Where(s => s.Overlaps(query.Scan))
            .OrderBy(s => s.Info.MinTimeUs).ThenBy(s => s.Info.File, StringComparer.Ordinal).ToList();
        var partitions = SegmentPartitions.Split(segments, _options.QueryThreads, _options.MinRowsPerQueryPartition);
        var tables = new GroupTable[partitions.Count];
        var counters = new ScanCounters[partitions.Count];
        void Run(int p)
        {
            tables[p] = new GroupTable(query);
            counters[p] = new ScanCounters();
            foreach (var segment in partitions[p])
            {
                cancellationToken.ThrowIfCancellationRequested();
                segment.Aggregate(query, tables[p], counters[p]);
            }
        }

        if (partitions.Count == 1)
        {
            Run(0);
        }
        else
        {
            try
            {
                Parallel.For(0, partitions.Count, new ParallelOptions { MaxDegreeOfParallelism = _options.QueryThreads }, Run);
            }
            catch (AggregateException failed) when (failed.InnerExceptions.Count > 0)
            {
                // Callers expect the store's own exceptions (too many groups, corruption, cancellation).
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed.InnerExceptions[0]);
            }
        }

        var table = tables[0];
        var total = counters[0];
        for (int p = 1; p < partitions.Count; p++)
        {
            table.MergeFrom(tables[p]);
            total.Scanned += counters[p].Scanned;
            total.Matched += counters[p].Matched;
        }

        var rows = new RowAggregator(query, table);
        for (int b = 0; b < state.Tail.Count; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var e in state.Tail.Batches[b].Events(_strings))
            {
                total.Scanned++;
                if (EventMatcher.Matches(e, query.Scan))
                {
                    total.Matched++;
                    rows.Add(e);
                }
            }
        }

        return new AggregateResult(table.ToRows(Math.Min(partitions.Count, _options.QueryThreads)), total.Scanned, total.Matched);
    }

    public StoreStatistics GetStatistics()
    {
        var state = _state;
        var partitions = state.Segments
            .GroupBy(s => (s.Info.App, s.Info.Day))
            .Select(g => new PartitionStatistics(g.Key.App, g.Key.Day, g.Sum(s => s.Info.Rows), g.Count(), g.Sum(s => s.Info.Bytes)))
            .OrderBy(p => p.App, StringComparer.Ordinal).ThenBy(p => p.Day, StringComparer.Ordinal)
            .ToList();
        return new StoreStatistics(partitions, state.Tail.EventCount, _wal.FileCount, _manifest.CheckpointLsn);
    }

    /// <summary>Checks every segment checksum; returns one line per problem (empty when all is well).</summary>
    public IReadOnlyList<string> Verify()
    {
        var problems = new List<string>();
        foreach (var segment in _state.Segments)
        {
            problems.AddRange(segment.Verify());
        }

        return problems;
    }

    /// <summary>Drops whole partitions (app, day) that ended before now minus the app's retention.</summary>
    public int ApplyRetention(IReadOnlyDictionary<string, TimeSpan> retentionByApp)
    {
        _maintenanceGate.Wait();
        try
        {
            var now = _clock.GetUtcNow();
            var expired = _state.Segments.Where(s =>
                retentionByApp.TryGetValue(s.Info.App, out var keep)
                && PartitionEnd(s.Info.Day) <= now - keep).ToList();
            if (expired.Count > 0)
            {
                Replace(expired, []);
            }

            return expired.Count;
        }
        finally
        {
            _maintenanceGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _sealing.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        try
        {
            await _compaction.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _wal.Dispose();
        if (_options.SealOnClose && _state.Tail.Count > 0)
        {
            RunMaintenance(force: true);
        }

        foreach (var segment in _state.Segments)
        {
            segment.Dispose();
        }

        _directoryLock?.Dispose();
    }

    /// <summary>The batch a logged entry stands for: indexed from its encoding, or decoded again from the
    /// wire form by its codec.</summary>
    private EventBatch Replayed(LoggedEntry entry)
    {
        if (entry.Codec is null)
        {
            return EventBatch.FromEncoded(entry.Bytes.ToArray(), _strings);
        }

        return _codecs.TryGetValue(entry.Codec, out var codec)
            ? codec.Decode(entry.Context, entry.Bytes)
            : throw new StoreUnavailableException($"the write-ahead log holds requests in the '{entry.Codec}' wire form and no codec for it is registered; open the store with the server's codecs (metronome serve does)");
    }

    private void OnDurable(long lsn, IReadOnlyList<object?> batches)
    {
        lock (_stateGate)
        {
            var tail = _state.Tail;
            foreach (var batch in batches)
            {
                tail = tail.Append(new TailBatch(lsn, (EventBatch)batch!));
            }

            _state = _state with { Tail = tail };
            if (tail.EventCount >= _options.SealEventCount)
            {
                WakeSealing();
            }
        }
    }


    private void DeleteOrphanSegments()
    {
        var live = _manifest.Segments.Select(s => s.File).ToHashSet(StringComparer.Ordinal);
        foreach (var name in _fs.ListFiles(SegmentDirectory, ""))
        {
            // An unlisted segment, or the temporary file of one being written when the process stopped.
            bool orphan = name.EndsWith(".seg", StringComparison.Ordinal) ? !live.Contains(name) : name.EndsWith(".tmp", StringComparison.Ordinal);
            if (orphan)
            {
                _fs.Delete(SegmentPath(name));
            }
        }
    }

    private static string DayOf(long timeUs) =>
        UnixTime.FromMicroseconds(timeUs).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateTimeOffset PartitionEnd(string day) =>
        DateTimeOffset.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).AddDays(1);

    /// <summary>What an append hands the log for the tail: the encoded batch.</summary>

    private sealed record StoreState(ImmutableArray<Segment> Segments, TailView Tail);
}
