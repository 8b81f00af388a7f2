using System.Buffers;
using Metronome.Storage.Encoding;

namespace Metronome.Storage.Segments;

/// <summary>
/// The values of a chunk stored as the ends of another column's values in the same rows (a log line's
/// message within its _raw, <see cref="ColumnChunk.SuffixOf"/>): slices of that column's text, nothing
/// copied. Each value's row, its place among the other column's values and its start are worked out and
/// checked once, when the chunk is read.
/// </summary>
internal sealed class SuffixText : BlockText
{
    private readonly BlockText _source;
    private int[] _sourceIndexes;
    private int[] _starts;

    private SuffixText(BlockText source, int[] sourceIndexes, int[] starts, int count)
    {
        _source = source;
        _sourceIndexes = sourceIndexes;
        _starts = starts;
        Count = count;
    }

    public override int Count { get; }

    /// <summary>The values of <paramref name="column"/>'s chunk, whose integers (<see cref="BlockColumn.Longs"/>)
    /// say where each value starts within <paramref name="source"/>'s value of the same row. The source's
    /// text must outlive this (both belong to the same block's columns).</summary>
    public static SuffixText Read(BlockColumn column, BlockColumn source)
    {
        var segment = column.Segment;
        var text = source.Text;
        var starts = column.Longs;
        int count = column.PresentRows;
        int[] sourceIndexes = ArrayPool<int>.Shared.Rent(Math.Max(1, count));
        int[] checkedStarts = ArrayPool<int>.Shared.Rent(Math.Max(1, count));
        int[]? rows = null;
        try
        {
            bool sameRows = column.AllPresent && source.AllPresent;
            if (!sameRows)
            {
                rows = ArrayPool<int>.Shared.Rent(Math.Max(1, count));
                column.PresentRowsInOrder(rows);
            }

            for (int i = 0; i < count; i++)
            {
                int sourceIndex = sameRows ? i : source.DenseIndex(rows![i]);
                if (sourceIndex < 0)
                {
                    throw new CorruptDataException($"segment {segment.Info.File}: row {rows![i]} of column {column.Column} is the end of column {source.Column}'s value, which it lacks");
                }

                long start = starts[i];
                if ((ulong)start > (ulong)text.Utf8(sourceIndex).Length)
                {
                    throw new CorruptDataException($"segment {segment.Info.File}: a value of column {column.Column} starts at byte {start} of a {text.Utf8(sourceIndex).Length}-byte value of column {source.Column}");
                }

                sourceIndexes[i] = sourceIndex;
                checkedStarts[i] = (int)start;
            }

            return new SuffixText(text, sourceIndexes, checkedStarts, count);
        }
        catch
        {
            ArrayPool<int>.Shared.Return(sourceIndexes);
            ArrayPool<int>.Shared.Return(checkedStarts);
            throw;
        }
        finally
        {
            if (rows is not null)
            {
                ArrayPool<int>.Shared.Return(rows);
            }
        }
    }

    public override ReadOnlySpan<byte> Utf8(long index)
    {
        if ((ulong)index >= (ulong)Count)
        {
            throw new CorruptDataException($"A text chunk of {Count} values has no value {index}.");
        }

        return _source.Utf8(_sourceIndexes[index])[_starts[index]..];
    }

    public override void Release()
    {
        PooledArrays.Return(ref _sourceIndexes);
        PooledArrays.Return(ref _starts);
    }
}
