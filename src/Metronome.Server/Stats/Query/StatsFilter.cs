using System.Text.RegularExpressions;

namespace Metronome.Server.Stats.Query;

/// <summary>A filter tree: simple filters on one dimension combined with and, or, not.</summary>
public abstract record StatsFilter;

public sealed record AndFilter(IReadOnlyList<StatsFilter> Filters) : StatsFilter;

public sealed record OrFilter(IReadOnlyList<StatsFilter> Filters) : StatsFilter;

public sealed record NotFilter(StatsFilter Filter) : StatsFilter;

public enum FilterOperator
{
    Is,
    IsNot,
    Contains,
    ContainsNot,
    Matches,
    MatchesNot,
}

/// <summary>A value matches when any clause matches (for the negated operators: when none does).</summary>
public sealed record SimpleFilter(FilterOperator Operator, Dimension Dimension, IReadOnlyList<string> Clauses, bool CaseSensitive = true) : StatsFilter
{
    /// <summary>Compiled once per query for <c>matches</c>; a timeout bounds hostile patterns.</summary>
    public IReadOnlyList<Regex> Patterns { get; init; } = [];

    public bool IsNegated => Operator is FilterOperator.IsNot or FilterOperator.ContainsNot or FilterOperator.MatchesNot;
}
