using Metronome.Query.Execution;
using Metronome.Query.Execution.Operators;
using Metronome.Query.Sources;
using Metronome.Query.Syntax;
using Metronome.Query.Syntax.Ast;

namespace Metronome.Query.Planning;

/// <summary>A bound query: what to push down to the source, and the engine's operators to run over what
/// comes back. Immutable once bound, so runs may share it (see <see cref="PlanCache"/>); create operators
/// afresh for each run with <see cref="CreateOperators"/>.</summary>
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

    /// <summary>True when binding read the request's time range (timeslice buckets, zone offset checks):
    /// the plan then holds for that range only; otherwise for any range of the same query, zone and options.</summary>
    public bool ReadsTimeRange { get; init; }

    public ScanSpec ScanSpec(QueryRequest request) => new(
        request.App,
        request.From.ToUnixTimeMilliseconds() * 1000,
        request.To.ToUnixTimeMilliseconds() * 1000,
        Scope.Filter,
        Scope.RequiredTerms,
        Scope.RequiredFields,
        Fields);

    /// <summary>Fresh operators for one run, from the <paramref name="first"/>th on, each linked to the next
    /// and the last to <paramref name="sink"/>; returns the head (the sink when there are none).</summary>
    public PipelineOperator CreateOperators(int first, PipelineOperator sink, out List<PipelineOperator> operators)
    {
        operators = new List<PipelineOperator>(Math.Max(0, OperatorFactories.Count - first));
        for (var i = first; i < OperatorFactories.Count; i++)
        {
            operators.Add(OperatorFactories[i]());
        }

        for (var i = 0; i < operators.Count; i++)
        {
            operators[i].Next = i + 1 < operators.Count ? operators[i + 1] : sink;
        }

        return operators.Count > 0 ? operators[0] : sink;
    }
}
