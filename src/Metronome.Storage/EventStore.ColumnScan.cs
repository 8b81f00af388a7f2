using Metronome.Core.Events;
using Metronome.Core.Text;
using Metronome.Storage.Scanning;
using Metronome.Storage.Segments;
using Metronome.Storage.Tail;

namespace Metronome.Storage;

/// <summary>Projected scans: one part per segment, read column by column, and one for the tail.</summary>
public sealed partial class EventStore
{
    public IReadOnlyList<IEnumerable<ColumnBlock>> ScanColumns(ScanQuery query, IReadOnlyList<string> fields, CancellationToken cancellationToken = default)
    {
        // The tail's events are decoded now, while registered: the parts are read later, or never, and a
        // batch sealed meanwhile has its array reused (TailRecycler).
        StoreState state;
        List<IReadOnlyList<Event>> tailEvents;
        using (_tailRecycler.Enter())
        {
            state = _state;
            tailEvents = new List<IReadOnlyList<Event>>(state.Tail.Count);
            foreach (var batch in state.Tail.Batches)
            {
                cancellationToken.ThrowIfCancellationRequested();
                tailEvents.Add(batch.Events(_strings));
            }
        }

        var parts = new List<IEnumerable<ColumnBlock>>();
        foreach (var segment in state.Segments)
        {
            if (segment.Overlaps(query))
            {
                parts.Add(SegmentBlocks(segment, query, fields, cancellationToken));
            }
        }

        if (state.Tail.Count > 0)
        {
            parts.Add(EventColumns.Blocks(TailEvents(tailEvents, query, cancellationToken), fields));
        }

        return parts;
    }

    private static IEnumerable<ColumnBlock> SegmentBlocks(Segment segment, ScanQuery query, IReadOnlyList<string> fields, CancellationToken cancellationToken)
    {
        foreach (var block in new SegmentColumnScan(segment, query, fields).Blocks())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return block;
        }
    }

    private static IEnumerable<Event> TailEvents(List<IReadOnlyList<Event>> tail, ScanQuery query, CancellationToken cancellationToken)
    {
        foreach (var events in tail)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var e in events)
            {
                if (EventMatcher.Matches(e, query))
                {
                    yield return e;
                }
            }
        }
    }
}
