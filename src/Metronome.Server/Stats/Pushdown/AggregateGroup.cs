using Metronome.Core.Events;
using Metronome.Server.Stats.Execution;
using Metronome.Server.Stats.Query;

namespace Metronome.Server.Stats.Pushdown;

/// <summary>One result row built from the store's aggregate rows: events (Count), distinct visitors,
/// and per sum/average metric the store's Sum and Avg (Avg is null when no event had a number).</summary>
public sealed class AggregateGroup(string[] labels, int metrics)
{
    private readonly double?[] _sums = new double?[metrics];
    private readonly double?[] _averages = new double?[metrics];

    public string[] Labels { get; } = labels;

    public long Events { get; private set; }

    public long Visitors { get; private set; }

    public long Pageviews { get; set; }

    /// <summary>Reads one aggregate row laid out as <see cref="AggregateStatsRunner"/> asks: Count, then
    /// CountDistinct(visitor) when <paramref name="withVisitors"/>, then Sum and Avg per sum/average
    /// metric. A second row for the same labels is only merged when every metric adds up.</summary>
    public void Add(IReadOnlyList<Metric> metricList, FieldValue[] values, bool withVisitors)
    {
        int v = 0;
        Events += values[v++].AsLong;
        if (withVisitors)
        {
            Visitors += values[v++].AsLong;
        }

        for (int m = 0; m < metricList.Count; m++)
        {
            if (metricList[m].Kind is MetricKind.Sum or MetricKind.Average)
            {
                var sum = values[v++];
                var average = values[v++];
                if (!average.IsNull)
                {
                    _sums[m] = (_sums[m] ?? 0) + NumberOf(sum);
                    _averages[m] = NumberOf(average);
                }
            }
        }
    }

    private static double NumberOf(FieldValue value) => value.TryGetNumber(out double number) ? number : 0;

    public object? Compute(Metric metric, int index, Totals totals) =>
        MetricCalculator.ComputeEventMetric(metric, Visitors, Pageviews, Events, _sums[index], _averages[index], totals);
}
