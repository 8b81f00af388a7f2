using Metronome.Core.Text;

namespace Metronome.Core.Events.Batches;

/// <summary>
/// Events in their encoded form: the bytes that the write-ahead log stores and sealing reads in place
/// (see docs/storage-format.md), with an index of where each event starts and its app, name and time.
/// Decoders write requests straight into this form (<see cref="EventBatchWriter"/>), so accepted events
/// never exist as objects; the index spares sealing a walk over every field just to partition.
/// Immutable once built.
/// </summary>
public sealed class EventBatch
{
    private readonly EventBatchEntry[] _entries;
    private readonly string[] _apps;
    private readonly string[] _names;

    internal EventBatch(byte[] data, EventBatchEntry[] entries, string[] apps, string[] names, long firstReceiptUs)
        : this(data, data.Length, pooled: false, entries, apps, names, firstReceiptUs)
    {
    }

    internal EventBatch(byte[] data, int length, bool pooled, EventBatchEntry[] entries, string[] apps, string[] names, long firstReceiptUs)
    {
        Data = data;
        Length = length;
        IsPooled = pooled;
        _entries = entries;
        _apps = apps;
        _names = names;
        FirstReceiptUs = firstReceiptUs;
    }

    /// <summary>The array holding the encoded batch (varint count, then the events) from index 0. Exactly
    /// the batch, but for a pooled batch (<see cref="IsPooled"/>), whose array is longer: see <see cref="Encoded"/>.</summary>
    public byte[] Data { get; }

    /// <summary>The encoded batch's byte count.</summary>
    public int Length { get; }

    /// <summary>The encoded batch, exactly.</summary>
    public ReadOnlyMemory<byte> Encoded => Data.AsMemory(0, Length);

    /// <summary>Whether <see cref="Data"/> is from <see cref="BatchArrayPool"/>, to go back there once the
    /// batch is in a segment (<see cref="EventBatchWriter.ToPooledBatch"/>).</summary>
    public bool IsPooled { get; }

    public int Count => _entries.Length;

    public ReadOnlySpan<EventBatchEntry> Entries => _entries;

    /// <summary>The distinct apps of the batch, indexed by <see cref="EventBatchEntry.App"/>.</summary>
    public IReadOnlyList<string> Apps => _apps;

    /// <summary>The distinct event names, indexed by <see cref="EventBatchEntry.Name"/>.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The receipt time of the first event (all events of a request share it); long.MaxValue when empty.</summary>
    public long FirstReceiptUs { get; }

    /// <summary>The events as objects (tail scans, tools); strings shared through <paramref name="strings"/>.</summary>
    public List<Event> ToEvents(StringPool strings) => EventBatchDecoder.Read(Data.AsSpan(0, Length), strings);

    /// <summary>Encodes events given as objects.</summary>
    public static EventBatch From(IReadOnlyList<Event> events)
    {
        var writer = new EventBatchWriter();
        for (int i = 0; i < events.Count; i++)
        {
            writer.Add(events[i]);
        }

        return writer.ToBatch();
    }

    /// <summary>Indexes encoded bytes (from log replay): one walk over every event;
    /// throws <see cref="InvalidDataException"/> on malformed input.</summary>
    public static EventBatch FromEncoded(byte[] data, StringPool strings)
    {
        var reader = new EventBatchReader(data);
        int count = reader.ReadCount();
        var entries = new EventBatchEntry[count];
        var apps = new BatchStringTable();
        var names = new BatchStringTable();
        long firstReceipt = long.MaxValue;
        for (int i = 0; i < count; i++)
        {
            int offset = reader.Offset;
            reader.ReadHeader(out var app, out var name, out long timeUs, out long receiptUs, out int fieldCount);
            reader.SkipFields(fieldCount);
            entries[i] = new EventBatchEntry(offset, apps.IndexOf(strings.Get(app)), names.IndexOf(strings.Get(name)), timeUs);
            if (i == 0)
            {
                firstReceipt = receiptUs;
            }
        }

        if (reader.Offset != data.Length)
        {
            throw new InvalidDataException($"{data.Length - reader.Offset} trailing bytes after {count} events");
        }

        return new EventBatch(data, entries, apps.ToArray(), names.ToArray(), firstReceipt);
    }
}
