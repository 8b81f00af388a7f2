namespace Metronome.Server.Stats.Execution;

/// <summary>What one result row accumulates while the hits stream by.</summary>
public sealed class GroupStats(string[] dimensions, bool countVisitors, bool countSessions, int sums)
{
    public string[] Dimensions { get; } = dimensions;

    public HashSet<long>? Visitors { get; } = countVisitors ? [] : null;

    public HashSet<int>? Sessions { get; } = countSessions ? [] : null;

    public long Pageviews { get; private set; }

    public long Events { get; private set; }

    public double[] Sums { get; } = new double[sums];

    public long[] SumCounts { get; } = new long[sums];

    /// <summary>The currencies seen with revenue, to name one when they agree.</summary>
    public HashSet<string> Currencies { get; } = new(StringComparer.Ordinal);

    public void Add(in StatsHit hit)
    {
        Visitors?.Add(hit.Visitor);
        Sessions?.Add(hit.Session);
        Events++;
        if (hit.IsPageview)
        {
            Pageviews++;
        }
    }

    public void AddNumber(int index, double value)
    {
        Sums[index] += value;
        SumCounts[index]++;
    }
}

/// <summary>What one result row counted, however it was counted (the scan's hits or the columnar
/// tables): visits and their pageviews, bounces and durations are over the distinct visits the row's
/// hits belong to; <see cref="Currency"/> is the one currency seen with the sums, if they agree.</summary>
public readonly record struct GroupCounts(
    long Visitors, long Visits, long Pageviews, long Events, long VisitPageviews, long Bounces, long VisitDurationUs, double[] Sums, long[] SumCounts, string? Currency)
{
    public static GroupCounts Of(GroupStats group, StatsDataset dataset)
    {
        long visitPageviews = 0, bounces = 0, durationUs = 0;
        foreach (int session in group.Sessions ?? [])
        {
            var visit = dataset.Sessions[session];
            visitPageviews += visit.Pageviews;
            bounces += visit.IsBounce ? 1 : 0;
            durationUs += visit.DurationUs;
        }

        return new GroupCounts(
            group.Visitors?.Count ?? 0, group.Sessions?.Count ?? 0, group.Pageviews, group.Events, visitPageviews, bounces, durationUs,
            group.Sums, group.SumCounts, group.Currencies.Count == 1 ? group.Currencies.First() : null);
    }
}
