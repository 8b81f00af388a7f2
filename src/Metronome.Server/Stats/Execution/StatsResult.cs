using Metronome.Server.Stats.Query;

namespace Metronome.Server.Stats.Execution;

/// <summary>A metric value: a whole number (<see cref="long"/>), a decimal (<see cref="double"/>), a
/// <see cref="RevenueValue"/> or null.</summary>
public sealed record StatsRow(string[] Dimensions, object?[] Metrics)
{
    public StatsComparison? Comparison { get; init; }
}

public sealed record StatsComparison(string[] Dimensions, object?[] Metrics, object?[] Change);

/// <summary>Plausible's revenue shape: the amount, its currency and two display forms.</summary>
public sealed record RevenueValue(double Value, string? Currency, string Short, string Long);

public sealed record StatsResult(StatsQuery Query, IReadOnlyList<StatsRow> Rows, int TotalRows, IReadOnlyList<string>? TimeLabels);
