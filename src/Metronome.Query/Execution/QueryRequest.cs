namespace Metronome.Query.Execution;

/// <summary>One search: the query text with its variables, the app it is scoped to, the time range and
/// zone, paging of the answer and the per-query limits.</summary>
public sealed record QueryRequest
{
    public required string Query { get; init; }

    public required string App { get; init; }

    public required DateTimeOffset From { get; init; }

    public required DateTimeOffset To { get; init; }

    /// <summary>IANA zone id (or UTC) in which timeslices align and dates format.</summary>
    public string TimeZone { get; init; } = "UTC";

    public IReadOnlyDictionary<string, string>? Variables { get; init; }

    public int Offset { get; init; }

    /// <summary>Rows returned; raw queries default to 100 messages, aggregates to all rows (up to 10,000).</summary>
    public int? Limit { get; init; }

    /// <summary>Group-by limit per aggregation (Sumo's is 10,000; ours is configurable).</summary>
    public int MaxGroups { get; init; } = 100_000;

    /// <summary>Rows buffered by sort, transpose and friends before the query fails instead of the server.</summary>
    public long MaxBufferedRows { get; init; } = 5_000_000;

    public int MaxTransposeColumns { get; init; } = 1_000;

    /// <summary>Let a source that can (<see cref="Sources.IAggregateSource"/>) answer the first aggregation;
    /// false forces the engine's own path (equivalence tests, diagnosis).</summary>
    public bool AggregatePushdown { get; init; } = true;

    /// <summary>Let the planner hand the conditions of leading <c>where</c> stages that it can state exactly
    /// to the scan (<see cref="Planning.WherePushdown"/>); false keeps every <c>where</c> in the engine
    /// (equivalence tests, diagnosis).</summary>
    public bool WherePushdown { get; init; } = true;

    /// <summary>Threads that load rows and run the leading row-local stages (parses, where, assignments,
    /// timeslice) of one query; defaults to the machine's cores. 1 runs everything on the calling thread.</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    public IGeoLookup? Geo { get; init; }

    /// <summary>The clock behind now(); defaults to the system clock.</summary>
    public TimeProvider? Clock { get; init; }
}
