using Metronome.Core.Events;
using Metronome.Query.Planning;

namespace Metronome.Query.Execution.Operators;

/// <summary><c>limit N</c> over rows in a defined order: passes the first N and drops the rest.</summary>
public sealed class LimitOperator(int count) : StreamingOperator
{
    private int _passed;

    protected override void Process(RowBatch batch, QueryContext context)
    {
        var keep = Math.Max(0, Math.Min(batch.Count, count - _passed));
        batch.Truncate(keep);
        _passed += keep;
    }
}

/// <summary><c>limit N</c> over raw messages, whose order is newest first: keeps the N most recent and
/// emits them newest first, holding at most N rows.</summary>
public sealed class NewestLimitOperator(int count) : PipelineOperator
{
    private readonly PriorityQueue<FieldValue[], (long Time, long Sequence)> _newest = new();
    private long _sequence;

    public override void Push(RowBatch batch, QueryContext context)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            var row = batch[i];
            var key = (Time(row), -_sequence++);
            if (_newest.Count < count)
            {
                _newest.Enqueue(row, key);
            }
            else if (_newest.TryPeek(out _, out var oldest) && key.CompareTo(oldest) > 0)
            {
                _newest.DequeueEnqueue(row, key);
            }
        }
    }

    public override void Finish(QueryContext context)
    {
        var rows = new List<FieldValue[]>(_newest.Count);
        while (_newest.TryDequeue(out var row, out _))
        {
            rows.Add(row);
        }

        rows.Reverse();
        BufferingOperator.EmitAll(rows, Next!, context);
        Next!.Finish(context);
    }

    internal static long Time(FieldValue[] row) =>
        Rows.Get(row, FieldSlots.MessageTime).TryGetNumber(out var t) ? (long)t : long.MinValue;
}
