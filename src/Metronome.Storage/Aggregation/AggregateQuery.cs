namespace Metronome.Storage.Aggregation;

using Metronome.Storage.Scanning;

/// <summary>A scan plus grouping and aggregation, answered by the store in one pass (pushed down whole
/// to a remote engine).</summary>
public sealed record AggregateQuery(ScanQuery Scan, IReadOnlyList<GroupKey> GroupBy, IReadOnlyList<AggregateSpec> Aggregates)
{
    /// <summary>Memory bound: more groups than this fail with <see cref="TooManyGroupsException"/>.</summary>
    public int MaxGroups { get; init; } = 1_000_000;
}

public abstract record GroupKey(string OutputName);

/// <summary>Group by a field's value (<c>name</c>, <c>_app</c> or any field). Events without it form the
/// group whose key is null.</summary>
public sealed record FieldGroupKey(string Field) : GroupKey(Field);

/// <summary>Group by the start of a time bucket, aligned in <see cref="Zone"/>; the key is the bucket
/// start in milliseconds since the epoch.</summary>
public sealed record TimeBucketKey(long WidthUs, TimeZoneInfo Zone, string Name = "_timeslice") : GroupKey(Name);

public enum AggregateKind
{
    Count,
    Sum,
    Min,
    Max,
    Avg,
    CountDistinct,
    ApproxCountDistinct,
    /// <summary>Exact quantiles interpolated between the two closest ranks (rank q·(n−1)).</summary>
    Quantiles,
    ApproxQuantiles,

    /// <summary>Exact quantiles without interpolation: the value at 0-based index floor(q·n) of the sorted
    /// values (clamped to n−1), as ClickHouse's <c>quantilesExact</c> computes them.</summary>
    QuantilesNearestRank,
}

/// <summary>One aggregate. Quantile kinds produce one output value per requested quantile (0..1).</summary>
public sealed record AggregateSpec(AggregateKind Kind, string? Field = null, IReadOnlyList<double>? Quantiles = null)
{
    public int OutputWidth => Kind is AggregateKind.Quantiles or AggregateKind.ApproxQuantiles or AggregateKind.QuantilesNearestRank ? Quantiles?.Count ?? 0 : 1;

    public static AggregateSpec Count() => new(AggregateKind.Count);
}

public sealed class TooManyGroupsException(int limit)
    : Exception($"the query produced more than {limit} groups; narrow the time range or the group-by keys");
