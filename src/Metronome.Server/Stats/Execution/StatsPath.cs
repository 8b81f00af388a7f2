namespace Metronome.Server.Stats.Execution;

/// <summary>How a stats query is computed: the store's aggregation, or a scan cut into visits.</summary>
public enum StatsPath
{
    /// <summary>Aggregation when it gives the same answer, else the scan.</summary>
    Auto,

    Aggregate,

    Scan,
}
