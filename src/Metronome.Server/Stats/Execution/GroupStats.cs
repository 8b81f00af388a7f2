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
