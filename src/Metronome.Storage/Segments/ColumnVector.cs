using Metronome.Core.Events;

namespace Metronome.Storage.Segments;

/// <summary>
/// One column of one block decoded into row-aligned arrays (index = row in the block), for rebuilding
/// events (raw scans, the row path); aggregation and compaction read <see cref="BlockColumn"/> instead.
/// </summary>
internal sealed class ColumnVector
{
    public static readonly ColumnVector Absent = new(ColumnEncoding.Plain, 0);

    public ColumnVector(ColumnEncoding encoding, int rows)
    {
        Encoding = encoding;
        Rows = rows;
    }

    public ColumnEncoding Encoding { get; }

    public int Rows { get; }

    /// <summary>False when the block has no value for the column at all.</summary>
    public bool AnyPresent { get; init; }

    /// <summary>Row-aligned presence; null when every row has a value.</summary>
    public bool[]? Present { get; init; }

    /// <summary>Integer values, or dictionary codes for dictionary columns (-1 where absent).</summary>
    public long[]? Longs { get; init; }

    public double[]? Doubles { get; init; }

    public bool[]? Bools { get; init; }

    /// <summary>Plain strings (null where absent).</summary>
    public string?[]? Strings { get; init; }

    /// <summary>The segment dictionary of a dictionary column.</summary>
    public string[]? Dictionary { get; init; }

    /// <summary>Returns the pooled arrays; the vector must not be used afterwards.</summary>
    public void Release()
    {
        if (Present is not null)
        {
            System.Buffers.ArrayPool<bool>.Shared.Return(Present);
        }

        if (Longs is not null)
        {
            System.Buffers.ArrayPool<long>.Shared.Return(Longs);
        }

        if (Doubles is not null)
        {
            System.Buffers.ArrayPool<double>.Shared.Return(Doubles);
        }

        if (Bools is not null)
        {
            System.Buffers.ArrayPool<bool>.Shared.Return(Bools);
        }
    }

    public bool IsPresent(int row) => AnyPresent && (Present is null || Present[row]);

    public FieldValue Value(int row)
    {
        if (!IsPresent(row))
        {
            return FieldValue.Null;
        }

        return Encoding switch
        {
            ColumnEncoding.Integer => Longs![row],
            ColumnEncoding.Double => Doubles![row],
            ColumnEncoding.Bool => Bools![row],
            ColumnEncoding.Dictionary => Dictionary![Longs![row]],
            _ => Strings![row]!,
        };
    }
}
