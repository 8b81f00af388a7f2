using Metronome.Core.Events;

namespace Metronome.Query.Execution.Operators;

/// <summary>The end of the pipeline. For raw messages in no explicit order it keeps only the newest
/// offset+limit rows (newest first) while counting all; otherwise it keeps rows in order.</summary>
public sealed class ResultSink(bool newestFirst, int keep) : PipelineOperator
{
    private readonly PriorityQueue<FieldValue[], (long, long)> _newest = new();
    private readonly List<FieldValue[]> _rows = [];
    private long _sequence;

    public long Total { get; private set; }

    public IReadOnlyList<FieldValue[]> Rows { get; private set; } = [];

    public override void Push(RowBatch batch, QueryContext context)
    {
        Total += batch.Count;
        for (var i = 0; i < batch.Count; i++)
        {
            var row = batch[i];
            if (!newestFirst)
            {
                if (_rows.Count < keep)
                {
                    _rows.Add(row);
                }

                continue;
            }

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
        if (!newestFirst)
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
