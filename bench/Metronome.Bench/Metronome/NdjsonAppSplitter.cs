using System.Buffers;
using System.Text;

namespace Metronome.Bench.Metronome;

/// <summary>One NDJSON request body for one app: whole lines, newline-terminated, in a pooled buffer.</summary>
public sealed class AppBatch(string app, byte[] buffer, int length, int events)
{
    public string App { get; } = app;

    public ReadOnlyMemory<byte> Body => buffer.AsMemory(0, length);

    public int Events { get; } = events;

    public void Return() => NdjsonAppSplitter.Pool.Return(buffer);
}

/// <summary>
/// Reads a multi-app NDJSON file and cuts it into per-app batches of whole lines, since `/tick` takes
/// the app from the key. Lines pass through byte for byte; only `"_app":"..."` is looked at.
/// </summary>
public sealed class NdjsonAppSplitter(int batchEvents, int maxBatchBytes)
{
    internal static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(16 << 20, 64);
    private static readonly byte[] AppMember = "\"_app\":\""u8.ToArray();

    private readonly List<Pending> _pending = [];

    /// <summary>Streams <paramref name="path"/> and hands each full batch, then every remainder, to <paramref name="emit"/>.</summary>
    public async Task SplitAsync(string path, Func<AppBatch, ValueTask> emit, CancellationToken ct)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        byte[] chunk = new byte[4 << 20];
        int filled = 0;
        var full = new List<AppBatch>();
        while (true)
        {
            int read = await file.ReadAsync(chunk.AsMemory(filled), ct);
            filled += read;
            int consumed = TakeLines(chunk.AsSpan(0, filled), final: read == 0, full);
            foreach (AppBatch batch in full)
                await emit(batch);
            full.Clear();
            if (read == 0)
                break;
            chunk.AsSpan(consumed, filled - consumed).CopyTo(chunk);
            filled -= consumed;
            if (filled == chunk.Length)
                Array.Resize(ref chunk, chunk.Length * 2); // a line longer than the chunk
        }
        foreach (Pending pending in _pending)
        {
            if (pending.Events > 0)
                await emit(pending.Cut());
        }
    }

    private int TakeLines(ReadOnlySpan<byte> data, bool final, List<AppBatch> full)
    {
        int start = 0;
        while (start < data.Length)
        {
            int newline = data[start..].IndexOf((byte)'\n');
            if (newline < 0 && !final)
                break;
            int length = newline < 0 ? data.Length - start : newline;
            ReadOnlySpan<byte> line = data.Slice(start, length).TrimEnd((byte)'\r');
            start += newline < 0 ? length : length + 1;
            if (line.Trim((byte)' ').IsEmpty)
                continue;
            Pending pending = PendingFor(AppOf(line));
            if (pending.Length + line.Length + 1 > maxBatchBytes && pending.Events > 0)
                full.Add(pending.Cut());
            pending.Add(line);
            if (pending.Events >= batchEvents)
                full.Add(pending.Cut());
        }
        return start;
    }

    private static ReadOnlySpan<byte> AppOf(ReadOnlySpan<byte> line)
    {
        int at = line.IndexOf(AppMember);
        if (at < 0)
            throw new FormatException("a workload line has no \"_app\" member: " + Encoding.UTF8.GetString(line[..Math.Min(line.Length, 200)]));
        ReadOnlySpan<byte> rest = line[(at + AppMember.Length)..];
        int end = rest.IndexOf((byte)'"');
        return end < 0 ? throw new FormatException("unterminated \"_app\" value") : rest[..end];
    }

    private Pending PendingFor(ReadOnlySpan<byte> app)
    {
        foreach (Pending pending in _pending)
        {
            if (app.SequenceEqual(pending.AppUtf8))
                return pending;
        }
        var created = new Pending(app.ToArray(), maxBatchBytes);
        _pending.Add(created);
        return created;
    }

    private sealed class Pending(byte[] appUtf8, int capacity)
    {
        private byte[] _buffer = Pool.Rent(capacity);

        public byte[] AppUtf8 { get; } = appUtf8;

        public string App { get; } = Encoding.UTF8.GetString(appUtf8);

        public int Length { get; private set; }

        public int Events { get; private set; }

        public void Add(ReadOnlySpan<byte> line)
        {
            if (Length + line.Length + 1 > _buffer.Length)
            {
                byte[] larger = Pool.Rent(Math.Max(_buffer.Length * 2, Length + line.Length + 1));
                _buffer.AsSpan(0, Length).CopyTo(larger);
                Pool.Return(_buffer);
                _buffer = larger;
            }
            line.CopyTo(_buffer.AsSpan(Length));
            _buffer[Length + line.Length] = (byte)'\n';
            Length += line.Length + 1;
            Events++;
        }

        public AppBatch Cut()
        {
            var batch = new AppBatch(App, _buffer, Length, Events);
            _buffer = Pool.Rent(_buffer.Length);
            Length = 0;
            Events = 0;
            return batch;
        }
    }
}
