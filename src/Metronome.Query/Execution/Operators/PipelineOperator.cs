using Metronome.Core.Events;

namespace Metronome.Query.Execution.Operators;

/// <summary>A push-based pipeline stage: batches come in through <see cref="Push"/>, and
/// <see cref="Finish"/> signals the end of input. Streaming operators pass each batch on at once;
/// blocking ones (aggregate, sort, transpose) emit everything when they finish.</summary>
public abstract class PipelineOperator
{
    public PipelineOperator? Next { get; set; }

    public abstract void Push(RowBatch batch, QueryContext context);

    public virtual void Finish(QueryContext context) => Next?.Finish(context);

    protected void Emit(RowBatch batch, QueryContext context)
    {
        if (batch.Count > 0)
        {
            Next!.Push(batch, context);
        }
    }
}

/// <summary>Rewrites or filters each batch in place.</summary>
public abstract class StreamingOperator : PipelineOperator
{
    public sealed override void Push(RowBatch batch, QueryContext context)
    {
        Process(batch, context);
        Emit(batch, context);
    }

    protected abstract void Process(RowBatch batch, QueryContext context);
}

/// <summary>Collects every row, then produces its output rows at the end.</summary>
public abstract class BufferingOperator : PipelineOperator
{
    private readonly List<FieldValue[]> _rows = [];

    public override void Push(RowBatch batch, QueryContext context)
    {
        context.AddBuffered(batch.Count);
        _rows.EnsureCapacity(_rows.Count + batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            _rows.Add(batch[i]);
        }
    }

    public sealed override void Finish(QueryContext context)
    {
        var output = Complete(_rows, context);
        context.ReleaseBuffered(_rows.Count);
        EmitAll(output, Next!, context);
        Next!.Finish(context);
    }

    protected abstract IReadOnlyList<FieldValue[]> Complete(List<FieldValue[]> rows, QueryContext context);

    internal static void EmitAll(IReadOnlyList<FieldValue[]> rows, PipelineOperator next, QueryContext context)
    {
        var batch = new RowBatch(Math.Min(1024, Math.Max(4, rows.Count)));
        foreach (var row in rows)
        {
            batch.Add(row);
            if (batch.Count == 1024)
            {
                next.Push(batch, context);
                batch = new RowBatch();
            }
        }

        if (batch.Count > 0)
        {
            next.Push(batch, context);
        }
    }
}
