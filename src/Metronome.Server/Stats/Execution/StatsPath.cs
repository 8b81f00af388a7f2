namespace Metronome.Server.Stats.Execution;

/// <summary>How a stats query is computed.</summary>
public enum StatsPath
{
    /// <summary>The aggregation when <see cref="PathChoice"/> prefers it and it gives the same answer,
    /// else columnar.</summary>
    Auto,

    /// <summary>The store's aggregation, when it gives the same answer as the scan.</summary>
    Aggregate,

    /// <summary>Materialized events cut into visits: the reference semantics.</summary>
    Scan,

    /// <summary>The projected columns of the period's web events, cut into visits when needed.</summary>
    Columnar,
}
