using System.Buffers;
using System.Runtime.InteropServices;
using Metronome.Core.Events;
using Metronome.Storage.Encoding;

namespace Metronome.Storage.Segments;

/// <summary>
/// One column of a segment being written: the rows (in sorted order) that have a value and the values,
/// gathered in a single pass over the rows. Strings get provisional codes on first sight, so each
/// distinct value is hashed and made a string once; <see cref="Finish"/> then picks dictionary or plain
/// encoding.
/// </summary>
internal sealed class ColumnBuilder(string key, FieldKind kind)
{
    /// <summary>Strings with at most this share of distinct values get a dictionary.</summary>
    private const double DictionaryMaxDistinctRatio = 0.5;

    private readonly List<int> _rows = [];
    private readonly List<long> _longs = [];
    private readonly List<double> _doubles = [];
    private readonly List<bool> _bools = [];
    private readonly List<int> _provisional = [];
    private Utf8CodeTable? _codes;
    private readonly List<string> _distinct = [];
    private int[]? _finalCodes;
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
            _longs.Add(value);
        }
    }

    public void AddDouble(int row, double value)
    {
        if (TakeRow(row))
        {
            _doubles.Add(value);
        }
    }

    public void AddBool(int row, bool value)
    {
        if (TakeRow(row))
        {
            _bools.Add(value);
        }
    }

    /// <summary>Adds a string given as UTF-8: each distinct value is looked up by its bytes and becomes
    /// a string once.</summary>
    public void AddUtf8(int row, ReadOnlySpan<byte> value)
    {
        if (!TakeRow(row))
        {
            return;
        }

        _codes ??= new Utf8CodeTable();
        int code = _codes.GetOrAdd(value, out bool added);
        if (added)
        {
            _distinct.Add(_codes.StringOf(code));
        }

        _provisional.Add(code);
    }

    public void Finish()
    {
        int present = _rows.Count;
        Encoding = Kind switch
        {
            FieldKind.Long => ColumnEncoding.Integer,
            FieldKind.Double => ColumnEncoding.Double,
            FieldKind.Bool => ColumnEncoding.Bool,
            _ when AlwaysDictionary || _distinct.Count <= 16 || _distinct.Count <= present * DictionaryMaxDistinctRatio => ColumnEncoding.Dictionary,
            _ => ColumnEncoding.Plain,
        };
        if (Encoding != ColumnEncoding.Dictionary)
        {
            return;
        }

        // Sorted dictionary: map each provisional code to its rank.
        var order = new int[_distinct.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        DictionaryValues = [.. _distinct];
        Array.Sort(DictionaryValues, order, StringComparer.Ordinal);
        _finalCodes = new int[order.Length];
        for (int rank = 0; rank < order.Length; rank++)
        {
            _finalCodes[order[rank]] = rank;
        }
    }

    /// <summary>Writes this column's chunk for the block of rows [start, start + rows); null when the
    /// block has no value for it. Blocks must be written in order.</summary>
    public ColumnChunk? WriteChunk(ArrayBufferWriter<byte> output, int column, int start, int rows)
    {
        int from = _cursor;
        int end = start + rows;
        while (_cursor < _rows.Count && _rows[_cursor] < end)
        {
            _cursor++;
        }

        int present = _cursor - from;
        if (present == 0)
        {
            return null;
        }

        ChunkRef presence = default;
        if (present < rows)
        {
            var presentRows = CollectionsMarshal.AsSpan(_rows).Slice(from, present).ToArray();
            presence = SegmentWriter.WriteChunk(output, buffer =>
            {
                int length = (rows + 7) / 8;
                var bits = buffer.GetSpan(length)[..length];
                bits.Clear();
                foreach (int row in presentRows)
                {
                    int i = row - start;
                    bits[i >> 3] |= (byte)(1 << (i & 7));
                }

                buffer.Advance(length);
            });
        }

        long min = 0, max = 0;
        ChunkRef bloom = default;
        ChunkRef data;
        switch (Encoding)
        {
            case ColumnEncoding.Integer:
            {
                var longs = CollectionsMarshal.AsSpan(_longs).Slice(from, present).ToArray();
                (min, max) = Kernels.MinMax(longs);
                data = SegmentWriter.WriteChunk(output, buffer => IntegerCodec.Encode(longs, buffer));
                break;
            }

            case ColumnEncoding.Double:
            {
                var doubles = CollectionsMarshal.AsSpan(_doubles).Slice(from, present).ToArray();
                data = SegmentWriter.WriteChunk(output, buffer => DoubleCodec.Encode(doubles, buffer));
                break;
            }

            case ColumnEncoding.Bool:
            {
                var bools = CollectionsMarshal.AsSpan(_bools).Slice(from, present).ToArray();
                data = SegmentWriter.WriteChunk(output, buffer =>
                {
                    int length = (present + 7) / 8;
                    var bits = buffer.GetSpan(length)[..length];
                    bits.Clear();
                    for (int i = 0; i < present; i++)
                    {
                        if (bools[i])
                        {
                            bits[i >> 3] |= (byte)(1 << (i & 7));
                        }
                    }

                    buffer.Advance(length);
                });
                break;
            }

            case ColumnEncoding.Dictionary:
            {
                var codes = new long[present];
                var provisional = CollectionsMarshal.AsSpan(_provisional).Slice(from, present);
                for (int i = 0; i < present; i++)
                {
                    codes[i] = _finalCodes![provisional[i]];
                }

                (min, max) = Kernels.MinMax(codes);
                data = SegmentWriter.WriteChunk(output, buffer => IntegerCodec.Encode(codes, buffer));
                break;
            }

            default:
            {
                var strings = new string[present];
                var provisional = CollectionsMarshal.AsSpan(_provisional).Slice(from, present);
                for (int i = 0; i < present; i++)
                {
                    strings[i] = _distinct[provisional[i]];
                }

                data = SegmentWriter.WriteChunk(output, buffer => StringBlockCodec.Encode(strings, buffer));
                if (TermBloom.IsIndexed(Key))
                {
                    bloom = SegmentWriter.WriteChunk(output, buffer => TermBloom.Build(strings).WriteTo(buffer));
                }

                break;
            }
        }

        return new ColumnChunk(column, present, presence, data, min, max, bloom);
    }

    /// <summary>Records that <paramref name="row"/> has a value; false when it has one already (a key
    /// repeated within one event: the first value wins, as Event.Get does).</summary>
    private bool TakeRow(int row)
    {
        if (_rows.Count > 0 && _rows[^1] == row)
        {
            return false;
        }

        _rows.Add(row);
        return true;
    }
}
