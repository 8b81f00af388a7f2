using Metronome.Query.Execution;
using Metronome.Query.Execution.Operators;
using Metronome.Query.Sources;
using Metronome.Query.Syntax;
using Metronome.Query.Syntax.Ast;

namespace Metronome.Query.Planning;

/// <summary>A bound query: what to push down to the source, and the engine's operators to run over what
/// comes back. Built per request (timeslice buckets depend on the range); create operators afresh for
/// each run with <see cref="CreateOperators"/>.</summary>
public sealed class QueryPlan
{
    internal QueryPlan(
        QueryNode syntax,
        SourceText source,
        FieldSlots slots,
        ScopeLowering.Result scope,
        IReadOnlySet<string>? fields,
        IReadOnlyList<Func<PipelineOperator>> operators,
        IReadOnlyList<string> steps,
        OutputColumns output,
        IReadOnlySet<int> timestampSlots,
        bool isRaw,
        bool newestFirst,
        IReadOnlyList<string> rewrites)
    {
        Syntax = syntax;
        Source = source;
        Slots = slots;
        Scope = scope;
        Fields = fields;
        OperatorFactories = operators;
        Steps = steps;
        Output = output;
        TimestampSlots = timestampSlots;
        IsRaw = isRaw;
        NewestFirst = newestFirst;
        Rewrites = rewrites;
    }

    public QueryNode Syntax { get; }

    public SourceText Source { get; }

    public FieldSlots Slots { get; }

    public ScopeLowering.Result Scope { get; }

    /// <summary>Fields the engine reads from events; null means all (raw results show every field).</summary>
    public IReadOnlySet<string>? Fields { get; }

    public IReadOnlyList<Func<PipelineOperator>> OperatorFactories { get; }

    /// <summary>A readable list of the engine's operators, for explain output and tests.</summary>
    public IReadOnlyList<string> Steps { get; }

    public OutputColumns Output { get; }

    public IReadOnlySet<int> TimestampSlots { get; }

    /// <summary>True when the result is messages rather than an aggregated table.</summary>
    public bool IsRaw { get; }

    /// <summary>True when the result is messages in no explicit order, answered newest first.</summary>
    public bool NewestFirst { get; }

    /// <summary>Rewrites the planner applied (for example a parse answered from an ingest field).</summary>
    public IReadOnlyList<string> Rewrites { get; }

    /// <summary>The first aggregation in a form a source may answer itself; null when the engine must run it.</summary>
    public AggregatePushdownPlan? AggregatePushdown { get; init; }

    public ScanSpec ScanSpec(QueryRequest request) => new(
        request.App,
        request.From.ToUnixTimeMilliseconds() * 1000,
        request.To.ToUnixTimeMilliseconds() * 1000,
        Scope.Filter,
        Scope.RequiredTerms,
        Scope.RequiredFields,
        Fields);

    public List<PipelineOperator> CreateOperators() => OperatorFactories.Select(f => f()).ToList();
}
