using Metronome.Core.Events;

namespace Metronome.Storage.Tail;

/// <summary>One acknowledged batch that is not in a segment yet.</summary>
internal sealed record TailBatch(long Lsn, IReadOnlyList<Event> Events);

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

    public long OldestReceiptUs => Count == 0 || _batches[0].Events.Count == 0 ? long.MaxValue : _batches[0].Events[0].ReceiptTimeUs;

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
        return new TailView(array, Count + 1, EventCount + batch.Events.Count);
    }

    /// <summary>The view without its first <paramref name="sealedCount"/> batches (now in segments).</summary>
    public TailView DropFirst(int sealedCount)
    {
        var rest = new TailBatch[Math.Max(16, (Count - sealedCount) * 2)];
        _batches.AsSpan(sealedCount, Count - sealedCount).CopyTo(rest);
        long events = 0;
        foreach (var b in rest.AsSpan(0, Count - sealedCount))
        {
            events += b.Events.Count;
        }

        return new TailView(rest, Count - sealedCount, events);
    }
}
