using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Core.Text;

namespace Metronome.Storage.Tail;

/// <summary>
/// One acknowledged batch that is not in a segment yet, kept as the bytes the log holds (see
/// <see cref="EventBatch"/>), not as event objects: millions of short-lived objects waiting for a
/// seal would each be promoted through every GC generation, which cost more than all the rest of ingest.
/// Readers decode it; the decoded list is kept while memory allows, so repeated queries of the tail do
/// not decode it again.
/// </summary>
internal sealed class TailBatch(long lsn, EventBatch batch)
{
    private WeakReference<List<Event>>? _decoded;

    public long Lsn { get; } = lsn;

    /// <summary>The events in their encoded form, with the index sealing partitions by.</summary>
    public EventBatch Batch { get; } = batch;

    /// <summary>The encoded bytes.</summary>
    public byte[] Data => Batch.Data;

    public int EventCount => Batch.Count;

    /// <summary>The receipt time of the batch's first event (all events of a request share it).</summary>
    public long FirstReceiptUs => Batch.FirstReceiptUs;

    /// <summary>The batch's events, decoded on first use and cached weakly (racing readers may both
    /// decode; either list is right).</summary>
    public IReadOnlyList<Event> Events(StringPool strings)
    {
        if (_decoded is not null && _decoded.TryGetTarget(out var cached))
        {
            return cached;
        }

        var events = Batch.ToEvents(strings);
        _decoded = new WeakReference<List<Event>>(events);
        return events;
    }
}

/// <summary>
/// An immutable view of the unsealed tail: the first <see cref="Count"/> entries of an array that the
/// single writer only ever appends to beyond that count, so readers need no lock.
/// </summary>
internal sealed class TailView
{
    public static readonly TailView Empty = new([], 0, 0);

    private readonly TailBatch[] _batches;

    private TailView(TailBatch[] batches, int count, long eventCount)
    {
        _batches = batches;
        Count = count;
        EventCount = eventCount;
    }

    public int Count { get; }

    public long EventCount { get; }

    public ReadOnlySpan<TailBatch> Batches => _batches.AsSpan(0, Count);

    public long OldestReceiptUs => Count == 0 || _batches[0].EventCount == 0 ? long.MaxValue : _batches[0].FirstReceiptUs;

    /// <summary>Appends (called by the one writer): reuses the array while it has room.</summary>
    public TailView Append(TailBatch batch)
    {
        var array = _batches;
        if (Count == array.Length || (Count < array.Length && array[Count] is not null))
        {
            array = new TailBatch[Math.Max(16, Count * 2)];
            _batches.AsSpan(0, Count).CopyTo(array);
        }

        array[Count] = batch;
        return new TailView(array, Count + 1, EventCount + batch.EventCount);
    }

    /// <summary>The view without its first <paramref name="sealedCount"/> batches (now in segments).</summary>
    public TailView DropFirst(int sealedCount)
    {
        var rest = new TailBatch[Math.Max(16, (Count - sealedCount) * 2)];
        _batches.AsSpan(sealedCount, Count - sealedCount).CopyTo(rest);
        long events = 0;
        foreach (var b in rest.AsSpan(0, Count - sealedCount))
        {
            events += b.EventCount;
        }

        return new TailView(rest, Count - sealedCount, events);
    }
}
