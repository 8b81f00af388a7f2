namespace Metronome.Bench.Harness;

/// <summary>Everything measured for one target in one run.</summary>
public sealed class TargetReport(string name, string description)
{
    public string Name { get; } = name;
    public string Description { get; } = description;
    public LoadResult? Load { get; set; }
    public TimeSpan Compaction { get; set; }
    public long BytesOnDisk { get; set; }
    public long PeakRssBytes { get; set; }
    public Dictionary<string, QueryTiming> Queries { get; } = new(StringComparer.Ordinal);
    public string? Error { get; set; }
}

/// <summary>The timed runs of one query (after a warm-up run) and the rows of the last run.</summary>
public sealed record QueryTiming(IReadOnlyList<TimeSpan> Runs, QueryResult Result)
{
    public TimeSpan Median
    {
        get
        {
            var sorted = Runs.Order().ToArray();
            int mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }
}
