namespace Metronome.Server.Stats.Execution;

/// <summary>How a stats query is computed.</summary>
public enum StatsPath
{
    /// <summary>Columnar, unless the period holds more events than columns should (then the aggregation
    /// when it gives the same answer).</summary>
    Auto,

    /// <summary>The store's aggregation, when it gives the same answer as the scan.</summary>
    Aggregate,

    /// <summary>Materialized events cut into visits: the reference semantics.</summary>
    Scan,

    /// <summary>The projected columns of the period's web events, cut into visits when needed.</summary>
    Columnar,
}
