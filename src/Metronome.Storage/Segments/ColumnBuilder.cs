using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Metronome.Core.Text;
using Metronome.Core.Events;
using Metronome.Storage.Encoding;

namespace Metronome.Storage.Segments;

/// <summary>
/// One column of a segment being written: the rows (in sorted order) that have a value and the values,
/// gathered in a single pass over the rows. Strings get provisional codes on first sight, so each
/// distinct value is hashed and kept (as UTF-8) once; a column whose first rows are nearly all different
/// (request ids, whole log lines) stops looking values up and keeps every row's bytes. <see cref="Finish"/>
/// then picks dictionary or plain encoding; only a dictionary's values become strings. Rows, values and
/// bytes live in rented arrays (sealing would otherwise allocate, and promote, several hundred bytes per
/// event): <see cref="Dispose"/> returns them.
/// A text value can also be added as the end of another column's value (ColumnBuilder.Suffixes.cs).
/// </summary>
internal sealed partial class ColumnBuilder(string key, FieldKind kind, int rowCount) : IDisposable
{
    /// <summary>Strings with at most this share of distinct values get a dictionary.</summary>
    private const double DictionaryMaxDistinctRatio = 0.5;

    /// <summary>Columns start this small (most keys are on some rows only) and grow to the row count.</summary>
    private const int InitialRows = 4096;

    /// <summary>After this many values, a column with more than <see cref="PlainDistinctRatio"/> of them
    /// distinct is taken to be plain text: hashing the rest would only confirm it.</summary>
    private const int PlainProbeRows = 4096;

    private const double PlainDistinctRatio = 0.9;

    /// <summary>Per present value, its row; null while the column is <see cref="_dense"/>.</summary>
    private int[]? _rows;
    /// <summary>Value i is row i's so far: most of an event's keys are on every row, and their rows are then
    /// not written (sealing appends to every column per row, and each array written is one more stream of
    /// stores competing for the cache).</summary>
    private bool _dense = true;
    private int _lastRow = -1;
    /// <summary>Per present row: the long, the double's bits, 0/1, or the string's provisional code.</summary>
    private long[] _values = ArrayPool<long>.Shared.Rent(Math.Clamp(rowCount, 1, InitialRows));
    private int _count;
    private Utf8CodeTable? _codes;
    private int _lastCode = -1;
    /// <summary>Every row's bytes are appended without a lookup (see <see cref="PlainProbeRows"/>).</summary>
    private bool _unique;
    private int[]? _finalCodes;
    private ColumnBuilder? _termSource;
    private int _termSourcedRows;
    private int _cursor;

    public string Key { get; } = key;

    public FieldKind Kind { get; } = kind;

    public ColumnEncoding Encoding { get; private set; }

    public string[]? DictionaryValues { get; private set; }

    /// <summary>Forces a dictionary (the <c>name</c> column).</summary>
    public bool AlwaysDictionary { get; init; }

    public void AddLong(int row, long value)
    {
        if (TakeRow(row))
        {
            _values[_count++] = value;
        }
    }

    public void AddDouble(int row, double value) => AddLong(row, BitConverter.DoubleToInt64Bits(value));

    public void AddBool(int row, bool value) => AddLong(row, value ? 1 : 0);

    /// <summary>Adds a string given as UTF-8: each distinct value is looked up by its bytes and kept once
    /// (until the column turns out to be nearly all distinct, see <see cref="PlainProbeRows"/>). Sorted
    /// rows often repeat the previous value: that is checked before hashing. False when the row has a
    /// value already.</summary>
    public bool AddUtf8(int row, ReadOnlySpan<byte> value)
    {
        if (!TakeRow(row))
        {
            return false;
        }

        AppendUtf8(row, value, -1);
        return true;
    }

    /// <summary>Makes room for text values of about <paramref name="bytes"/> bytes in all, in
    /// <paramref name="values"/> values, when the caller knows (a merge: its sources' chunks).</summary>
    public void ReserveText(long bytes, long values)
    {
        _codes ??= new Utf8CodeTable();
        _codes.Reserve(bytes, values);
    }

    /// <summary>Says that the value just added is the end of <paramref name="source"/>'s value in the
    /// same row, cut at a term boundary (a log line's message within its _raw): when every value is, a
    /// block's term index is the source's, shared instead of built again.</summary>
    public void NoteTermsWithin(ColumnBuilder? source)
    {
        if (source is null || (_termSource is not null && _termSource != source))
        {
            return;
        }

        _termSource = source;
        _termSourcedRows++;
    }

    /// <summary>Value <paramref name="index"/>'s bytes, wherever they are kept.</summary>
    public ReadOnlySpan<byte> Utf8Of(int index) =>
        index >= _referencedFrom && _starts is { } starts && starts[index] >= 0
            ? _suffixSource!.Utf8Of((int)_values[index])[starts[index]..]
            : _codes!.Utf8Of((int)_values[index]);

    public void Finish()
    {
        int present = _count;
        int distinct = _codes?.Count ?? 0;
        Encoding = Kind switch
        {
            FieldKind.Long => ColumnEncoding.Integer,
            FieldKind.Double => ColumnEncoding.Double,
            FieldKind.Bool => ColumnEncoding.Bool,
            _ when _unique => ColumnEncoding.Plain,
            _ when AlwaysDictionary || distinct <= 16 || distinct <= present * DictionaryMaxDistinctRatio => ColumnEncoding.Dictionary,
            _ => ColumnEncoding.Plain,
        };
        if (Encoding != ColumnEncoding.Dictionary)
        {
            return;
        }

        // Sorted dictionary: map each provisional code to its rank.
        var order = new int[distinct];
        var values = new string[distinct];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
            values[i] = _codes!.StringOf(i);
        }

        DictionaryValues = values;
        Array.Sort(DictionaryValues, order, StringComparer.Ordinal);
        _finalCodes = new int[order.Length];
        for (int rank = 0; rank < order.Length; rank++)
        {
            _finalCodes[order[rank]] = rank;
        }
    }

    /// <summary>Writes this column's chunk for the block of rows [start, start + rows); null when the
    /// block has no value for it. Blocks must be written in order.</summary>
    /// <param name="blooms">The term indexes written so far in this block, by column: one this column's
    /// values share (see <see cref="NoteTermsWithin"/>) is reused, and this column's is added.</param>
    /// <param name="columnIndexes">Every column's index in the segment (a chunk of suffixes names its source).</param>
    public ColumnChunk? WriteChunk(SegmentOutput output, int column, int start, int rows, Dictionary<ColumnBuilder, ChunkRef> blooms, IReadOnlyDictionary<ColumnBuilder, int> columnIndexes)
    {
        int from = _cursor;
        int end = start + rows;
        if (_dense)
        {
            _cursor = Math.Min(_count, end);
        }
        else
        {
            while (_cursor < _count && _rows![_cursor] < end)
            {
                _cursor++;
            }
        }

        int present = _cursor - from;
        if (present == 0)
        {
            return null;
        }

        ChunkRef presence = default;
        if (present < rows)
        {
            long offset = output.WrittenCount;
            int length = (rows + 7) / 8;
            var bits = output.GetSpan(length)[..length];
            bits.Clear();
            for (int v = from; v < from + present; v++)
            {
                int i = RowOf(v) - start;
                bits[i >> 3] |= (byte)(1 << (i & 7));
            }

            output.Advance(length);
            presence = output.EndChunk(offset);
        }

        var values = _values.AsSpan(from, present);
        long min = 0, max = 0;
        ChunkRef bloom = default;
        long dataOffset = output.WrittenCount;
        switch (Encoding)
        {
            case ColumnEncoding.Integer:
                (min, max) = Kernels.MinMax(values);
                IntegerCodec.Encode(values, output);
                break;

            case ColumnEncoding.Double:
                DoubleCodec.Encode(MemoryMarshal.Cast<long, double>(values), output);
                break;

            case ColumnEncoding.Bool:
            {
                int length = (present + 7) / 8;
                var bits = output.GetSpan(length)[..length];
                bits.Clear();
                for (int i = 0; i < present; i++)
                {
                    if (values[i] != 0)
                    {
                        bits[i >> 3] |= (byte)(1 << (i & 7));
                    }
                }

                output.Advance(length);
                break;
            }

            case ColumnEncoding.Dictionary:
            {
                // Final codes go to a copy: a column referring to this one still reads the provisional ones.
                long[] codes = ArrayPool<long>.Shared.Rent(present);
                try
                {
                    var final = codes.AsSpan(0, present);
                    for (int i = 0; i < present; i++)
                    {
                        final[i] = _finalCodes![values[i]];
                    }

                    (min, max) = Kernels.MinMax(final);
                    IntegerCodec.Encode(final, output);
                }
                finally
                {
                    ArrayPool<long>.Shared.Return(codes);
                }

                break;
            }

            default:
            {
                var strings = new ChunkText(this, from, present);
                int suffixOf = -1;
                if (AllSuffixes(from, present))
                {
                    WriteStarts(from, present, output);
                    suffixOf = columnIndexes[_suffixSource!];
                }
                else
                {
                    StringBlockCodec.EncodeUtf8(strings, output);
                }

                var data = output.EndChunk(dataOffset);
                if (TermBloom.IsIndexed(Key))
                {
                    if (_termSource is null || _termSourcedRows != _count || !blooms.TryGetValue(_termSource, out bloom))
                    {
                        long bloomOffset = output.WrittenCount;
                        TermBloom.Build(strings).WriteTo(output);
                        bloom = output.EndChunk(bloomOffset);
                    }

                    blooms[this] = bloom;
                }

                return new ColumnChunk(column, present, presence, data, min, max, bloom) { SuffixOf = suffixOf };
            }
        }

        return new ColumnChunk(column, present, presence, output.EndChunk(dataOffset), min, max, bloom);
    }

    public void Dispose()
    {
        _codes?.Dispose();
        PooledArrays.ReturnIfRented(ref _rows);
        PooledArrays.Return(ref _values);
        PooledArrays.ReturnIfRented(ref _starts);
    }

    /// <summary>Keeps a value's bytes (looked up, or appended once the column keeps every row's), with where
    /// it starts within its suffix source's value, or -1.</summary>
    private void AppendUtf8(int row, ReadOnlySpan<byte> value, int start)
    {
        _codes ??= new Utf8CodeTable();
        NoteStart(start);
        if (_unique)
        {
            _values[_count++] = _codes.Append(value);
            return;
        }

        int code = _lastCode;
        if (code < 0 || !_codes.Matches(code, value))
        {
            code = _codes.GetOrAdd(value, out _);
            _lastCode = code;
        }

        _values[_count++] = code;
        if (_count == PlainProbeRows && !AlwaysDictionary && _codes.Count > PlainProbeRows * PlainDistinctRatio)
        {
            _unique = true;
            _referencedFrom = _count;
            // The rows still to come will look like these: room for their bytes at once, but for the
            // suffixes, which will be references.
            long bytes = (long)(rowCount - row) * _codes.ByteCount / Math.Max(1, _codes.Count) * _count / (row + 1);
            _codes.Reserve(bytes * (_count - _suffixCount) / _count);
        }
    }

    /// <summary>Records that <paramref name="row"/> has a value; false when it has one already (a key
    /// repeated within one event: the first value wins, as Event.Get does).</summary>
    // Inlined: sealing calls it for every value, and it is mostly two comparisons.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TakeRow(int row)
    {
        if (row == _lastRow)
        {
            return false;
        }

        if (_count == _values.Length)
        {
            Grow(row);
        }

        if (!_dense)
        {
            _rows![_count] = row;
        }
        else if (row != _count)
        {
            StopBeingDense(row);
        }

        _lastRow = row;
        return true;
    }

    /// <summary>The first row without a value came before <paramref name="row"/>: from now on every value's row
    /// is kept.</summary>
    private void StopBeingDense(int row)
    {
        _rows = ArrayPool<int>.Shared.Rent(_values.Length);
        for (int i = 0; i < _count; i++)
        {
            _rows[i] = i;
        }

        _rows[_count] = row;
        _dense = false;
    }

    /// <summary>The row of value <paramref name="index"/>.</summary>
    private int RowOf(int index) => _dense ? index : _rows![index];

    /// <summary>Doubles the arrays, or, for a column with a value on nearly every row so far, makes room for
    /// every row at once (most of an event's keys are on all its kind's rows: doubling copied them a
    /// dozen times into fresh memory).</summary>
    private void Grow(int row)
    {
        bool dense = _count >= row * 0.9;
        int size = dense
            ? (int)Math.Max(_count + 1L, rowCount)
            : (int)Math.Min(Math.Max((long)rowCount, _count + 1), _count * 2L);
        if (_rows is not null)
        {
            var rows = ArrayPool<int>.Shared.Rent(size);
            _rows.AsSpan(0, _count).CopyTo(rows);
            ArrayPool<int>.Shared.Return(_rows);
            _rows = rows;
        }

        var values = ArrayPool<long>.Shared.Rent(size);
        _values.AsSpan(0, _count).CopyTo(values);
        ArrayPool<long>.Shared.Return(_values);
        _values = values;
        GrowStarts(size);
    }

    /// <summary>A chunk's plain values: the bytes the codes (or references) stand for.</summary>
    private readonly struct ChunkText(ColumnBuilder column, int from, int count) : IUtf8Values
    {
        public int Count => count;

        public ReadOnlySpan<byte> this[int index] => column.Utf8Of(from + index);
    }
}
