using System.Text.Json;

namespace Metronome.Server.Stats.Query;

/// <summary>A validated <c>POST /api/v2/query</c> request (Plausible Stats API v2 shape), with its date
/// range resolved to instants.</summary>
public sealed record StatsQuery
{
    public required string SiteId { get; init; }

    public required IReadOnlyList<Metric> Metrics { get; init; }

    public required StatsPeriod Period { get; init; }

    public IReadOnlyList<Dimension> Dimensions { get; init; } = [];

    /// <summary>The top-level filters, combined with and; null when there are none.</summary>
    public StatsFilter? Filter { get; init; }

    /// <summary>The filters as sent, echoed in the answer's <c>query</c>.</summary>
    public JsonElement? FiltersJson { get; init; }

    public IReadOnlyList<OrderBy> OrderBy { get; init; } = [];

    public int Limit { get; init; } = StatsLimits.DefaultLimit;

    public int Offset { get; init; }

    public StatsInclude Include { get; init; } = new();
}

public sealed record OrderBy(string Name, bool Descending);

public sealed record StatsInclude
{
    /// <summary>Compare with another period; null for none.</summary>
    public ComparisonMode? Comparison { get; init; }

    public bool TotalRows { get; init; }

    public bool TimeLabels { get; init; }
}

public enum ComparisonMode
{
    PreviousPeriod,
    YearOverYear,
}

public static class StatsLimits
{
    public const int DefaultLimit = 10_000;
    public const int MaxLimit = 100_000;
}
