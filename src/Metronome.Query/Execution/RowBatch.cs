using Metronome.Core.Events;

namespace Metronome.Query.Execution;

/// <summary>A batch of rows flowing between operators. Streaming operators edit it in place: drop rows
/// by compacting, replace a row (when it grows), or append rows (<c>parse ... multi</c>).</summary>
public sealed class RowBatch
{
    private FieldValue[][] _rows;

    public RowBatch(int capacity = 1024)
    {
        _rows = new FieldValue[Math.Max(capacity, 4)][];
    }

    public int Count { get; private set; }

    public FieldValue[] this[int index]
    {
        get => _rows[index];
        set => _rows[index] = value;
    }

    public void Add(FieldValue[] row)
    {
        if (Count == _rows.Length)
        {
            Array.Resize(ref _rows, _rows.Length * 2);
        }

        _rows[Count++] = row;
    }

    public void Clear()
    {
        Array.Clear(_rows, 0, Count);
        Count = 0;
    }

    /// <summary>Keeps the rows for which <paramref name="keep"/> is true, in order.</summary>
    public void RemoveWhere(Func<FieldValue[], bool> drop)
    {
        var write = 0;
        for (var read = 0; read < Count; read++)
        {
            var row = _rows[read];
            if (!drop(row))
            {
                _rows[write++] = row;
            }
        }

        Array.Clear(_rows, write, Count - write);
        Count = write;
    }

    /// <summary>Truncates to the first <paramref name="count"/> rows.</summary>
    public void Truncate(int count)
    {
        if (count < Count)
        {
            Array.Clear(_rows, count, Count - count);
            Count = count;
        }
    }

    public IEnumerable<FieldValue[]> Enumerate()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return _rows[i];
        }
    }
}
