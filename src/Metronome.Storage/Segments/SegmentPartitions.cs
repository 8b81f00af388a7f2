namespace Metronome.Storage.Segments;

/// <summary>
/// Cuts the segments a query reads into contiguous runs of about equal rows, two per worker: a worker
/// that finishes early (or one that the machine's other work slows down) leaves the rest to the other.
/// The cut depends only on the segments and the worker count, never on timing, so a query's groups and
/// sums come out the same on every run (merged in partition order).
/// </summary>
internal static class SegmentPartitions
{
    public static List<List<Segment>> Split(IReadOnlyList<Segment> segments, int workers, long minRowsPerPartition)
    {
        long total = segments.Sum(s => s.Info.Rows);
        long wanted = workers <= 1 ? 1 : 2L * workers;
        int count = (int)Math.Clamp(Math.Min(wanted, total / Math.Max(1, minRowsPerPartition)), 1, Math.Max(1, segments.Count));
        var partitions = new List<List<Segment>> { new() };
        long seen = 0;
        foreach (var segment in segments)
        {
            // Start the next partition once this one holds its share of the rows.
            if (partitions[^1].Count > 0 && partitions.Count < count && seen >= total * partitions.Count / count)
            {
                partitions.Add([]);
            }

            partitions[^1].Add(segment);
            seen += segment.Info.Rows;
        }

        return partitions;
    }
}
