using Metronome.Core.Events;

namespace Metronome.Query.Execution.Operators;

/// <summary>The end of the pipeline. For raw messages in no explicit order it keeps only the newest
/// offset+limit rows (newest first) while counting all; otherwise it keeps rows in order.</summary>
public sealed class ResultSink(bool newestFirst, int keep) : PipelineOperator
{
    private readonly PriorityQueue<FieldValue[], (long, long)>? _newest = newestFirst ? new() : null;
    private readonly List<FieldValue[]> _rows = [];
    private long _sequence;

    public long Total { get; private set; }

    public IReadOnlyList<FieldValue[]> Rows { get; private set; } = [];

    public override void Push(RowBatch batch, QueryContext context)
    {
        Total += batch.Count;
        if (_newest is null)
        {
            _rows.EnsureCapacity(Math.Min(keep, _rows.Count + batch.Count));
            for (var i = 0; i < batch.Count && _rows.Count < keep; i++)
            {
                _rows.Add(batch[i]);
            }

            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var row = batch[i];
            var key = (NewestLimitOperator.Time(row), -_sequence++);
            if (_newest.Count < keep)
            {
                _newest.Enqueue(row, key);
            }
            else if (keep > 0 && _newest.TryPeek(out _, out var oldest) && key.CompareTo(oldest) > 0)
            {
                _newest.DequeueEnqueue(row, key);
            }
        }
    }

    public override void Finish(QueryContext context)
    {
        if (_newest is null)
        {
            Rows = _rows;
            return;
        }

        var rows = new List<FieldValue[]>(_newest.Count);
        while (_newest.TryDequeue(out var row, out _))
        {
            rows.Add(row);
        }

        rows.Reverse();
        Rows = rows;
    }
}
