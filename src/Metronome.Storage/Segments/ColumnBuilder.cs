using System.Buffers;
using Metronome.Core.Events;
using Metronome.Storage.Encoding;

namespace Metronome.Storage.Segments;

internal enum FieldSource
{
    Time,
    Receipt,
    Name,
    Field,
}

/// <summary>Collects one column's values over a partition, chooses its encoding and writes its chunk
/// for each block.</summary>
internal sealed class ColumnBuilder(string key, FieldKind kind, FieldSource source)
{
    /// <summary>Strings with at most this share of distinct values get a dictionary.</summary>
    private const double DictionaryMaxDistinctRatio = 0.5;

    private HashSet<string>? _distinct = kind == FieldKind.String ? new(StringComparer.Ordinal) : null;
    private Dictionary<string, int>? _codes;
    private long _present;

    public string Key { get; } = key;

    public FieldKind Kind { get; } = kind;

    public ColumnEncoding Encoding { get; private set; }

    public string[]? DictionaryValues { get; private set; }

    public void Observe(FieldValue value)
    {
        _present++;
        _distinct?.Add(value.AsString);
    }

    public void Finish()
    {
        Encoding = Kind switch
        {
            FieldKind.Long => ColumnEncoding.Integer,
            FieldKind.Double => ColumnEncoding.Double,
            FieldKind.Bool => ColumnEncoding.Bool,
            _ when source == FieldSource.Name || _distinct!.Count <= 16 || _distinct.Count <= _present * DictionaryMaxDistinctRatio => ColumnEncoding.Dictionary,
            _ => ColumnEncoding.Plain,
        };
        if (Encoding == ColumnEncoding.Dictionary)
        {
            DictionaryValues = [.. _distinct!];
            Array.Sort(DictionaryValues, StringComparer.Ordinal);
            _codes = new Dictionary<string, int>(DictionaryValues.Length, StringComparer.Ordinal);
            for (int i = 0; i < DictionaryValues.Length; i++)
            {
                _codes[DictionaryValues[i]] = i;
            }
        }

        _distinct = null;
    }

    public ColumnChunk? WriteChunk(ArrayBufferWriter<byte> output, int column, List<Event> events, int start, int rows)
    {
        var values = new FieldValue[rows];
        int present = 0;
        for (int i = 0; i < rows; i++)
        {
            values[i] = ValueOf(events[start + i]);
            if (!values[i].IsNull)
            {
                present++;
            }
        }

        if (present == 0)
        {
            return null;
        }

        ChunkRef presence = default;
        if (present < rows)
        {
            presence = SegmentWriter.WriteChunk(output, buffer =>
            {
                var bits = buffer.GetSpan((rows + 7) / 8)[..((rows + 7) / 8)];
                bits.Clear();
                for (int i = 0; i < rows; i++)
                {
                    if (!values[i].IsNull)
                    {
                        bits[i >> 3] |= (byte)(1 << (i & 7));
                    }
                }

                buffer.Advance(bits.Length);
            });
        }

        var dense = new FieldValue[present];
        int d = 0;
        foreach (var v in values)
        {
            if (!v.IsNull)
            {
                dense[d++] = v;
            }
        }

        long min = 0, max = 0;
        ChunkRef bloom = default;
        ChunkRef data;
        switch (Encoding)
        {
            case ColumnEncoding.Integer:
            {
                var longs = Array.ConvertAll(dense, v => v.AsLong);
                (min, max) = (longs.Min(), longs.Max());
                data = SegmentWriter.WriteChunk(output, buffer => IntegerCodec.Encode(longs, buffer));
                break;
            }

            case ColumnEncoding.Double:
            {
                var doubles = Array.ConvertAll(dense, v => v.AsDouble);
                data = SegmentWriter.WriteChunk(output, buffer => DoubleCodec.Encode(doubles, buffer));
                break;
            }

            case ColumnEncoding.Bool:
                data = SegmentWriter.WriteChunk(output, buffer =>
                {
                    var bits = buffer.GetSpan((present + 7) / 8)[..((present + 7) / 8)];
                    bits.Clear();
                    for (int i = 0; i < present; i++)
                    {
                        if (dense[i].AsBool)
                        {
                            bits[i >> 3] |= (byte)(1 << (i & 7));
                        }
                    }

                    buffer.Advance(bits.Length);
                });
                break;

            case ColumnEncoding.Dictionary:
            {
                var codes = Array.ConvertAll(dense, v => (long)_codes![v.AsString]);
                (min, max) = (codes.Min(), codes.Max());
                data = SegmentWriter.WriteChunk(output, buffer => IntegerCodec.Encode(codes, buffer));
                break;
            }

            default:
            {
                var strings = Array.ConvertAll(dense, v => v.AsString);
                data = SegmentWriter.WriteChunk(output, buffer => StringBlockCodec.Encode(strings, buffer));
                bloom = SegmentWriter.WriteChunk(output, buffer => TermBloom.Build(strings).WriteTo(buffer));
                break;
            }
        }

        return new ColumnChunk(column, present, presence, data, min, max, bloom);
    }

    private FieldValue ValueOf(Event e)
    {
        switch (source)
        {
            case FieldSource.Time:
                return e.TimeUs;
            case FieldSource.Receipt:
                return e.ReceiptTimeUs;
            case FieldSource.Name:
                return e.Name;
        }

        foreach (var (k, v) in e.Fields)
        {
            if (v.Kind == Kind && string.Equals(k, Key, StringComparison.Ordinal))
            {
                return v;
            }
        }

        return FieldValue.Null;
    }
}
