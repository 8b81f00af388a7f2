using Metronome.Query.Execution.Operators;
using Metronome.Query.Sources;

namespace Metronome.Query.Planning;

/// <summary>The first aggregation of a plan in a form a source may answer (<see cref="IAggregateSource"/>):
/// nothing but the scope and at most one timeslice before it, group keys that are stored fields or that
/// timeslice, and aggregates a store computes the engine's way. <see cref="OperatorIndex"/> is the
/// aggregate's position in the operator list: the operators after it run over the source's groups.</summary>
public sealed record AggregatePushdownPlan(
    IReadOnlyList<AggregateGroupKey> GroupBy,
    IReadOnlyList<PushedAggregate> Aggregates,
    int[] GroupSlots,
    AggregateSpec[] EngineAggregates,
    int OperatorIndex);
