namespace Metronome.Storage.Segments;

/// <summary>
/// One column of one segment being merged, read row by row in the merged order. Only the block holding
/// the row asked for is decoded (the merged order visits a segment's rows in rising order, so each block
/// is decoded once); values go to the builder as they are stored: longs, doubles, bools, and UTF-8
/// bytes for text (a dictionary's entries are read once as bytes, never made strings).
/// </summary>
internal sealed class MergeSourceColumn : IDisposable
{
    private readonly Segment _segment;
    private readonly int _column;
    private readonly ColumnEncoding _encoding;
    private readonly int[] _blockStarts;
    private readonly Utf8Chunk? _dictionary;
    private BlockColumn? _block;
    private int _blockStart;
    private int _blockEnd;

    /// <param name="blockStarts">The segment's first row of each block, then its row count.</param>
    public MergeSourceColumn(Segment segment, int column, int[] blockStarts)
    {
        _segment = segment;
        _column = column;
        _encoding = segment.Columns[column].Encoding;
        _blockStarts = blockStarts;
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
        int dense = block.DenseIndex(sourceRow - _blockStart);
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
                builder.AddUtf8(outputRow, _dictionary!.Utf8(block.Longs[dense]));
                break;
            default:
                builder.AddUtf8(outputRow, block.Utf8(dense));
                break;
        }

        return true;
    }

    public void Dispose()
    {
        _block?.Release();
        _block = null;
        _dictionary?.Release();
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

        _block?.Release();
        _block = new BlockColumn(_segment, _segment.Blocks[b], _column);
        _blockStart = _blockStarts[b];
        _blockEnd = _blockStarts[b + 1];
    }
}
