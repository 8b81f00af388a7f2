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
        var state = _state;
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
            parts.Add(EventColumns.Blocks(TailEvents(state.Tail, query, _strings, cancellationToken), fields));
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

    private static IEnumerable<Event> TailEvents(TailView tail, ScanQuery query, StringPool strings, CancellationToken cancellationToken)
    {
        for (int b = 0; b < tail.Count; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var e in tail.Batches[b].Events(strings))
            {
                if (EventMatcher.Matches(e, query))
                {
                    yield return e;
                }
            }
        }
    }
}
