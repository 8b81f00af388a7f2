using Metronome.Core.Events;

namespace Metronome.Query.Sources;

/// <summary>A source that can answer a plan's first aggregation itself (columnar, or a remote engine),
/// so that only the groups come back. It must answer exactly what the engine would compute over the
/// events of the scan, or decline with null; the engine then runs the aggregation itself.</summary>
public interface IAggregateSource
{
    AggregateAnswer? TryAggregate(ScanSpec spec, AggregateRequest request, CancellationToken cancellationToken);
}

/// <summary>Group by fields of the events and/or the timeslice; compute the aggregates per group.</summary>
/// <param name="Zone">The zone timeslices align in (offsets constant over the scan when a timeslice is asked for).</param>
/// <param name="MaxGroups">More groups fail the query (<see cref="Diagnostics.DiagnosticCode.TooManyGroups"/>).</param>
public sealed record AggregateRequest(IReadOnlyList<AggregateGroupKey> GroupBy, IReadOnlyList<PushedAggregate> Aggregates, TimeZoneInfo Zone, int MaxGroups);

/// <summary>A field's value as stored (null when absent), or, when <see cref="TimesliceMs"/> is set, the
/// start (epoch ms) of the event's timeslice of that period.</summary>
public sealed record AggregateGroupKey(string? Field, long? TimesliceMs);

/// <summary>One aggregate: <c>count</c> (rows; <see cref="Field"/> null), <c>sum</c>, <c>min</c>, <c>max</c>,
/// <c>avg</c> (over numeric values; null when a group has none), <c>count_distinct</c> (non-null values),
/// <c>pct</c> (exact, interpolated at rank p/100·(n−1); one output per percentile).</summary>
public sealed record PushedAggregate(string Function, string? Field, IReadOnlyList<double> Percentiles)
{
    public int Width => Function == "pct" ? Percentiles.Count : 1;
}

/// <summary>The groups: keys in <see cref="AggregateRequest.GroupBy"/> order, then the aggregates' outputs.</summary>
public sealed record AggregateAnswer(IReadOnlyList<(FieldValue[] Keys, FieldValue[] Values)> Rows, long Scanned, long Matched);
