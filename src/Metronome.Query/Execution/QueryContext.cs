using Metronome.Query.Diagnostics;
using Metronome.Query.Execution.Operators;
using Metronome.Query.Planning;

namespace Metronome.Query.Execution;

/// <summary>Everything one running query shares: the slot table, the request's time range and zone,
/// limits, cancellation and counters. Counters and limits are not thread-safe: they are updated on the
/// query's own thread; <see cref="ParallelPrefix"/> stages on other threads only read the rest.</summary>
public sealed class QueryContext
{
    private Dictionary<DynamicColumns, List<int>>? _createdColumns;

    public QueryContext(FieldSlots slots, QueryRequest request, long nowMs, TimeZoneInfo timeZone, CancellationToken cancellationToken)
    {
        Slots = slots;
        Request = request;
        NowMs = nowMs;
        TimeZone = timeZone;
        CancellationToken = cancellationToken;
        FromMs = request.From.ToUnixTimeMilliseconds();
        ToMs = request.To.ToUnixTimeMilliseconds();
    }

    public FieldSlots Slots { get; }

    public QueryRequest Request { get; }

    public TimeZoneInfo TimeZone { get; }

    public long NowMs { get; }

    public long FromMs { get; }

    public long ToMs { get; }

    public CancellationToken CancellationToken { get; }

    public long Scanned { get; set; }

    public long Matched { get; set; }

    /// <summary>Rows held by blocking operators right now, checked against <see cref="QueryRequest.MaxBufferedRows"/>.</summary>
    public long Buffered { get; private set; }

    public void AddBuffered(long rows)
    {
        Buffered += rows;
        if (Buffered > Request.MaxBufferedRows)
        {
            throw new QueryException(Diagnostic.Unpositioned(DiagnosticCode.TooManyRows,
                $"the query buffered more than {Request.MaxBufferedRows} rows; aggregate or filter earlier"));
        }
    }

    public void ReleaseBuffered(long rows) => Buffered = Math.Max(0, Buffered - rows);

    /// <summary>The slots a transpose stage created in this run, in its column order.</summary>
    public List<int> CreatedColumns(DynamicColumns stage)
    {
        _createdColumns ??= [];
        if (!_createdColumns.TryGetValue(stage, out var slots))
        {
            slots = [];
            _createdColumns.Add(stage, slots);
        }

        return slots;
    }
}
