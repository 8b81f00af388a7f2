using Metronome.Core.Events;

namespace Metronome.Storage.Segments;

/// <summary>
/// One column of one block decoded into row-aligned arrays (index = row in the block), so filters,
/// group keys and aggregates read it without per-row branching on presence bitmaps.
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

    /// <summary>Distinct-count hashes of the dictionary entries (dictionary columns).</summary>
    public ulong[]? DictionaryHashes { get; init; }

    /// <summary>Values of a field stored with several kinds (several physical columns), merged per row.</summary>
    public FieldValue[]? Merged { get; init; }

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

    public bool IsPresent(int row) => AnyPresent && (Merged is not null ? !Merged[row].IsNull : Present is null || Present[row]);

    /// <summary>One row-aligned view of a field stored in several physical columns (one per kind); a row
    /// has a value in at most one of them.</summary>
    public static ColumnVector Merge(IReadOnlyList<ColumnVector> parts, int rows)
    {
        var merged = new FieldValue[rows];
        bool any = false;
        foreach (var part in parts)
        {
            if (!part.AnyPresent)
            {
                continue;
            }

            any = true;
            for (int r = 0; r < rows; r++)
            {
                if (part.IsPresent(r))
                {
                    merged[r] = part.Value(r);
                }
            }
        }

        return new ColumnVector(ColumnEncoding.Plain, rows) { AnyPresent = any, Merged = merged };
    }

    public FieldValue Value(int row)
    {
        if (Merged is not null)
        {
            return Merged[row];
        }

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

    public bool TryNumber(int row, out double number)
    {
        number = 0;
        if (!IsPresent(row))
        {
            return false;
        }

        if (Merged is not null)
        {
            return Merged[row].TryGetNumberOrParse(out number);
        }

        switch (Encoding)
        {
            case ColumnEncoding.Integer:
                number = Longs![row];
                return true;
            case ColumnEncoding.Double:
                number = Doubles![row];
                return true;
            case ColumnEncoding.Bool:
                number = Bools![row] ? 1 : 0;
                return true;
            default:
                return Value(row).TryGetNumberOrParse(out number);
        }
    }
}
