using System.Buffers;
using Metronome.Core.Events;
using Metronome.Storage.Encoding;

namespace Metronome.Storage.Segments;

/// <summary>
/// Text values added as the end of another column's value in the same row (a log line's message within its
/// _raw). Once the column keeps every row's bytes (no lookups), such a value is kept as a reference to that
/// value instead of a copy, and a block whose every value is one is written as where each starts
/// (<see cref="ColumnChunk.SuffixOf"/>) instead of as text. A column is the source of others or refers to
/// one, never both, so a reference never leads to another reference.
/// </summary>
internal sealed partial class ColumnBuilder
{
    /// <summary>The column whose value in the same row each suffix value ends.</summary>
    private ColumnBuilder? _suffixSource;
    /// <summary>Another column's values are the ends of this one's.</summary>
    private bool _isSuffixSource;
    /// <summary>Per value, where it starts within <see cref="_suffixSource"/>'s value of its row; -1 when it
    /// is not a suffix of it. Null until the first suffix.</summary>
    private int[]? _starts;
    private int _suffixCount;
    /// <summary>Where the last lookup of a row among <see cref="_suffixSource"/>'s rows ended.</summary>
    private int _sourceCursor;
    /// <summary>From this value on, a suffix value is kept as the index of its source value (in
    /// <see cref="_values"/>), not as bytes of its own: set when the column stops looking values up.</summary>
    private int _referencedFrom = int.MaxValue;

    /// <summary>Adds <paramref name="value"/>, which is <paramref name="source"/>'s value in the same row
    /// (added already) from byte <paramref name="start"/> on. False when the row has a value already.</summary>
    public bool AddUtf8Suffix(int row, ReadOnlySpan<byte> value, ColumnBuilder source, int start)
    {
        if (!TakeRow(row))
        {
            return false;
        }

        if (!TakeSuffixSource(source))
        {
            AppendUtf8(row, value, -1);
        }
        else if (_unique)
        {
            AppendReference(source.IndexOfRow(row, ref _sourceCursor), start);
        }
        else
        {
            source.IndexOfRow(row, ref _sourceCursor);
            AppendUtf8(row, value, start);
        }

        return true;
    }

    /// <summary>Whether a suffix of <paramref name="source"/> would be kept as a reference now, so
    /// <see cref="AddSuffix"/> can add it without its bytes (a merge then need not read them).</summary>
    public bool KeepsReferencesTo(ColumnBuilder source) =>
        _unique && (_suffixSource == source || (_suffixSource is null && CanReferTo(source)));

    /// <summary><see cref="AddUtf8Suffix"/> without the bytes, when <see cref="KeepsReferencesTo"/> says
    /// they are not needed.</summary>
    public bool AddSuffix(int row, ColumnBuilder source, int start)
    {
        if (!KeepsReferencesTo(source))
        {
            throw new InvalidOperationException($"column {Key} keeps the bytes of its values");
        }

        if (!TakeRow(row))
        {
            return false;
        }

        TakeSuffixSource(source);
        int sourceIndex = source.IndexOfRow(row, ref _sourceCursor);
        int length = source.Utf8Of(sourceIndex).Length;
        if ((uint)start > (uint)length)
        {
            // Given by a segment being merged, not seen in bytes: checked before it is written on.
            throw new CorruptDataException($"a value of {Key} starts at byte {start} of a {length}-byte value of {source.Key}");
        }

        AppendReference(sourceIndex, start);
        return true;
    }

    /// <summary>Keeps a suffix value as the index of its source value (the column keeps every row's bytes,
    /// so it was never going to be looked up).</summary>
    private void AppendReference(int sourceIndex, int start)
    {
        NoteStart(start);
        _values[_count++] = sourceIndex;
    }

    /// <summary>Records where value <see cref="_count"/> starts within its source's value (-1: not a suffix).</summary>
    private void NoteStart(int start)
    {
        if (start >= 0)
        {
            if (_starts is null)
            {
                _starts = ArrayPool<int>.Shared.Rent(_values.Length);
                _starts.AsSpan(0, _count).Fill(-1);
            }

            _starts[_count] = start;
            _suffixCount++;
        }
        else if (_starts is not null)
        {
            _starts[_count] = -1;
        }
    }

    /// <summary>Makes <paramref name="source"/> this column's suffix source if it can be: false when this
    /// column refers to another one already, or either side would chain references.</summary>
    private bool TakeSuffixSource(ColumnBuilder source)
    {
        if (_suffixSource == source)
        {
            return true;
        }

        if (_suffixSource is not null || !CanReferTo(source))
        {
            return false;
        }

        _suffixSource = source;
        source._isSuffixSource = true;
        return true;
    }

    private bool CanReferTo(ColumnBuilder source) =>
        source != this && source.Kind == FieldKind.String && !_isSuffixSource && source._suffixSource is null;

    /// <summary>The index among this column's values of row <paramref name="row"/>'s, searched from
    /// <paramref name="cursor"/> on (rows are asked for in rising order).</summary>
    private int IndexOfRow(int row, ref int cursor)
    {
        int i = cursor;
        if (_dense)
        {
            i = Math.Min(row, _count);
        }
        else
        {
            while (i < _count && _rows![i] < row)
            {
                i++;
            }
        }

        cursor = i;
        return i < _count && RowOf(i) == row
            ? i
            : throw new InvalidOperationException($"column {Key} has no value in row {row} for a suffix to refer to");
    }

    /// <summary>Whether values [from, from + count) are all suffixes that can be written as where they start:
    /// both columns keep plain text.</summary>
    private bool AllSuffixes(int from, int count)
    {
        if (_starts is null || Encoding != ColumnEncoding.Plain || _suffixSource?.Encoding != ColumnEncoding.Plain)
        {
            return false;
        }

        foreach (int start in _starts.AsSpan(from, count))
        {
            if (start < 0)
            {
                return false;
            }
        }

        return true;
    }

    private void WriteStarts(int from, int count, SegmentOutput output)
    {
        long[] starts = ArrayPool<long>.Shared.Rent(Math.Max(1, count));
        try
        {
            for (int i = 0; i < count; i++)
            {
                starts[i] = _starts![from + i];
            }

            IntegerCodec.Encode(starts.AsSpan(0, count), output);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(starts);
        }
    }

    private void GrowStarts(int size)
    {
        if (_starts is not null)
        {
            var starts = ArrayPool<int>.Shared.Rent(size);
            _starts.AsSpan(0, _count).CopyTo(starts);
            ArrayPool<int>.Shared.Return(_starts);
            _starts = starts;
        }
    }
}
