using Metronome.Storage.Encoding;

namespace Metronome.Storage.Segments;

/// <summary>
/// One column of one segment being merged, read row by row in the merged order. Only the block holding
/// the row asked for is decoded (the merged order visits a segment's rows in rising order, so each block
/// is decoded once); values go to the builder as they are stored: longs, doubles, bools, and UTF-8
/// bytes for text (a dictionary's entries are read once as bytes, never made strings).
/// <para>Text whose output column refers to another one (a message within its _raw) goes in as where it
/// starts within that column's value of the row: a chunk stored that way says so, and there the bytes are
/// not even read once the output keeps references; other text is compared with the end of that value.</para>
/// </summary>
internal sealed class MergeSourceColumn : IDisposable
{
    private readonly Segment _segment;
    private readonly int _column;
    private readonly ColumnEncoding _encoding;
    private readonly int[] _blockStarts;
    private readonly Utf8Chunk? _dictionary;
    private readonly BlockColumns _columns;
    private readonly int _suffixColumn;
    private readonly ColumnBuilder? _suffixOutput;
    private BlockColumn? _block;
    private int _blockStart;
    private int _blockEnd;

    /// <param name="blockStarts">The segment's first row of each block, then its row count.</param>
    /// <param name="suffixColumn">The column of this segment whose value in the same row this column's
    /// values may end (-1: none), and <paramref name="suffixOutput"/> the output column it goes to, filled
    /// already.</param>
    public MergeSourceColumn(Segment segment, int column, int[] blockStarts, int suffixColumn = -1, ColumnBuilder? suffixOutput = null)
    {
        _segment = segment;
        _column = column;
        _encoding = segment.Columns[column].Encoding;
        _blockStarts = blockStarts;
        _columns = new BlockColumns(segment);
        _suffixColumn = suffixColumn;
        _suffixOutput = suffixColumn >= 0 ? suffixOutput : null;
        if (_encoding == ColumnEncoding.Dictionary)
        {
            _dictionary = Utf8Chunk.Read(segment, segment.Columns[column].Dictionary);
        }
    }

    /// <summary>The segment's first row of each block, then its row count.</summary>
    public static int[] BlockStarts(Segment segment)
    {
        var starts = new int[segment.Blocks.Count + 1];
        for (int b = 0; b < segment.Blocks.Count; b++)
        {
            starts[b + 1] = checked(starts[b] + segment.Blocks[b].Rows);
        }

        return starts;
    }

    /// <summary>Adds <paramref name="sourceRow"/>'s value, if it has one, to <paramref name="builder"/>
    /// as <paramref name="outputRow"/>; false when it has none.</summary>
    public bool CopyTo(ColumnBuilder builder, int outputRow, int sourceRow)
    {
        if (sourceRow < _blockStart || sourceRow >= _blockEnd || _block is null)
        {
            MoveTo(sourceRow);
        }

        var block = _block!;
        int row = sourceRow - _blockStart;
        int dense = block.DenseIndex(row);
        if (dense < 0)
        {
            return false;
        }

        switch (_encoding)
        {
            case ColumnEncoding.Integer:
                builder.AddLong(outputRow, block.Longs[dense]);
                break;
            case ColumnEncoding.Double:
                builder.AddDouble(outputRow, block.Doubles[dense]);
                break;
            case ColumnEncoding.Bool:
                builder.AddBool(outputRow, block.Bools[dense]);
                break;
            case ColumnEncoding.Dictionary:
                AddText(builder, outputRow, row, _dictionary!.Utf8(block.Longs[dense]));
                break;
            default:
                if (_suffixOutput is not null && block.Chunk!.SuffixOf == _suffixColumn)
                {
                    AddSuffix(builder, outputRow, row, block, dense);
                }
                else
                {
                    AddText(builder, outputRow, row, block.Utf8(dense));
                }

                break;
        }

        return true;
    }

    public void Dispose()
    {
        _block = null;
        _columns.Release();
        _dictionary?.Release();
    }

    /// <summary>A value stored as where it starts within the suffix column's value: only that goes to a
    /// builder keeping references; one keeping bytes gets them too.</summary>
    private void AddSuffix(ColumnBuilder builder, int outputRow, int row, BlockColumn block, int dense)
    {
        long start = block.Longs[dense];
        if (_columns[_suffixColumn].DenseIndex(row) < 0 || (ulong)start > int.MaxValue)
        {
            throw new CorruptDataException($"segment {_segment.Info.File}: a value of column {_column} is stored as the end of column {_suffixColumn}'s in a row without one");
        }

        if (builder.KeepsReferencesTo(_suffixOutput!))
        {
            builder.AddSuffix(outputRow, _suffixOutput!, (int)start);
        }
        else
        {
            builder.AddUtf8Suffix(outputRow, block.Utf8(dense), _suffixOutput!, (int)start);
        }
    }

    /// <summary>A value stored as text: a suffix where the row's value of the suffix column ends with it.</summary>
    private void AddText(ColumnBuilder builder, int outputRow, int row, ReadOnlySpan<byte> value)
    {
        if (_suffixOutput is not null && _segment.Columns[_suffixColumn].Encoding == ColumnEncoding.Plain)
        {
            var source = _columns[_suffixColumn];
            int sourceDense = source.DenseIndex(row);
            var whole = sourceDense >= 0 ? source.Utf8(sourceDense) : default;
            if (sourceDense >= 0 && whole.EndsWith(value))
            {
                builder.AddUtf8Suffix(outputRow, value, _suffixOutput, whole.Length - value.Length);
                return;
            }
        }

        builder.AddUtf8(outputRow, value);
    }

    private void MoveTo(int row)
    {
        if ((uint)row >= (uint)_blockStarts[^1])
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"segment {_segment.Info.File} has {_blockStarts[^1]} rows");
        }

        int b = Array.BinarySearch(_blockStarts, row);
        b = b < 0 ? ~b - 1 : b;
        while (_blockStarts[b + 1] <= row)
        {
            b++; // past empty blocks, which share their start with the next
        }

        _columns.Reset(_segment.Blocks[b]);
        _block = _columns[_column];
        _blockStart = _blockStarts[b];
        _blockEnd = _blockStarts[b + 1];
    }
}
