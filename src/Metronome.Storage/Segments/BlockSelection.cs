using System.Buffers;
using System.Numerics;

namespace Metronome.Storage.Segments;

/// <summary>
/// The rows of one block that passed the filters so far: every row, or an ascending list of row indexes
/// (pooled). Filters narrow it in place with predicates over a column's dense values, so a sparse column
/// is tested once per present value and never per absent row.
/// </summary>
internal sealed class BlockSelection : IDisposable
{
    private static readonly int[] Identity = Enumerable.Range(0, SegmentFormat.BlockRows).ToArray();
    private int[]? _rows;

    public BlockSelection(int rows)
    {
        Rows = rows;
        Count = rows;
        All = true;
    }

    /// <summary>Rows in the block.</summary>
    public int Rows { get; }

    /// <summary>Rows selected.</summary>
    public int Count { get; private set; }

    /// <summary>True while every row is selected.</summary>
    public bool All { get; private set; }

    /// <summary>The selected row indexes, ascending.</summary>
    public ReadOnlySpan<int> Span => All
        ? (Rows <= Identity.Length ? Identity.AsSpan(0, Rows) : Enumerable.Range(0, Rows).ToArray())
        : _rows.AsSpan(0, Count);

    public void Clear()
    {
        All = false;
        Count = 0;
    }

    /// <summary>Keeps the selected rows that have a value in <paramref name="column"/> satisfying <paramref name="predicate"/>.</summary>
    public void Keep<TPredicate>(BlockColumn column, TPredicate predicate)
        where TPredicate : struct, IDensePredicate
    {
        if (column.NonePresent || Count == 0)
        {
            Clear();
            return;
        }

        int[] output = Output();
        int kept = 0;
        if (column.AllPresent)
        {
            if (All)
            {
                for (int row = 0; row < Rows; row++)
                {
                    // Branch-free: always write, advance only on a match.
                    output[kept] = row;
                    kept += predicate.Keep(row) ? 1 : 0;
                }
            }
            else
            {
                for (int s = 0; s < Count; s++)
                {
                    int row = output[s];
                    output[kept] = row;
                    kept += predicate.Keep(row) ? 1 : 0;
                }
            }
        }
        else if (All)
        {
            // Walk the present rows in order: the dense index is just a running count.
            var bits = column.Bits;
            int dense = 0;
            for (int w = 0; w < (Rows + 63) >> 6; w++)
            {
                ulong word = bits[w];
                while (word != 0)
                {
                    output[kept] = (w << 6) + BitOperations.TrailingZeroCount(word);
                    kept += predicate.Keep(dense++) ? 1 : 0;
                    word &= word - 1;
                }
            }
        }
        else
        {
            for (int s = 0; s < Count; s++)
            {
                int row = output[s];
                int dense = column.DenseIndex(row);
                output[kept] = row;
                kept += dense >= 0 && predicate.Keep(dense) ? 1 : 0;
            }
        }

        Set(output, kept);
    }

    /// <summary>Keeps the selected rows that have (<paramref name="present"/>) or lack a value in <paramref name="column"/>.</summary>
    public void KeepPresence(BlockColumn column, bool present)
    {
        if (column.AllPresent || column.NonePresent)
        {
            if (column.AllPresent != present)
            {
                Clear();
            }

            return;
        }

        int[] output = Output();
        int kept = 0;
        var bits = column.Bits;
        int count = Count;
        bool all = All;
        for (int s = 0; s < count; s++)
        {
            int row = all ? s : output[s];
            output[kept] = row;
            kept += (((bits[row >> 6] >> (row & 63)) & 1) != 0) == present ? 1 : 0;
        }

        Set(output, kept);
    }

    /// <summary>Keeps the selected rows for which <paramref name="keep"/> holds (slow paths).</summary>
    public void KeepRows(Func<int, bool> keep)
    {
        if (Count == 0)
        {
            return;
        }

        int[] output = Output();
        int kept = 0;
        int count = Count;
        bool all = All;
        for (int s = 0; s < count; s++)
        {
            int row = all ? s : output[s];
            if (keep(row))
            {
                output[kept++] = row;
            }
        }

        Set(output, kept);
    }

    public void Dispose()
    {
        if (_rows is not null)
        {
            ArrayPool<int>.Shared.Return(_rows);
            _rows = null;
        }
    }

    /// <summary>Where the narrowed list goes: the current list (filtered in place), or a fresh one.</summary>
    private int[] Output() => _rows ??= ArrayPool<int>.Shared.Rent(Rows);

    private void Set(int[] rows, int count)
    {
        _rows = rows;
        Count = count;
        All = false;
    }
}

/// <summary>A test on the dense index of a present value; a struct so the loops above inline it.</summary>
internal interface IDensePredicate
{
    bool Keep(int dense);
}
