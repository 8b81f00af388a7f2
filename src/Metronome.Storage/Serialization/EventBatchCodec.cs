using System.Buffers;
using System.Buffers.Binary;
using Metronome.Core.Events;
using Metronome.Core.Text;

namespace Metronome.Storage.Serialization;

/// <summary>
/// The binary form of a batch of events inside a write-ahead-log record (see docs/storage-format.md):
/// varint count, then per event: app, name (strings), time and receipt time (zigzag varints, µs),
/// varint field count, then per field: key (string), kind (byte), value. Strings are a varint byte
/// length followed by UTF-8.
/// </summary>
public static class EventBatchCodec
{
    public static void Write(IReadOnlyList<Event> events, IBufferWriter<byte> output)
    {
        WriteVarint(output, (ulong)events.Count);
        foreach (var e in events)
        {
            WriteString(output, e.App);
            WriteString(output, e.Name);
            WriteVarint(output, ZigZag(e.TimeUs));
            WriteVarint(output, ZigZag(e.ReceiptTimeUs));
            WriteVarint(output, (ulong)e.Fields.Count);
            foreach (var (key, value) in e.Fields)
            {
                WriteString(output, key);
                var span = output.GetSpan(1);
                span[0] = (byte)value.Kind;
                output.Advance(1);
                switch (value.Kind)
                {
                    case FieldKind.String:
                        WriteString(output, value.AsString);
                        break;
                    case FieldKind.Long:
                        WriteVarint(output, ZigZag(value.AsLong));
                        break;
                    case FieldKind.Double:
                        BinaryPrimitives.WriteDoubleLittleEndian(output.GetSpan(8), value.AsDouble);
                        output.Advance(8);
                        break;
                    case FieldKind.Bool:
                        output.GetSpan(1)[0] = value.AsBool ? (byte)1 : (byte)0;
                        output.Advance(1);
                        break;
                }
            }
        }
    }

    /// <summary>The event count and the first event's receipt time, without decoding the rest.</summary>
    public static (int Count, long FirstReceiptUs) ReadHeader(ReadOnlySpan<byte> data)
    {
        int offset = 0;
        int count = checked((int)ReadVarint(data, ref offset));
        if (count == 0)
        {
            return (0, long.MaxValue);
        }

        ReadStringBytes(data, ref offset);
        ReadStringBytes(data, ref offset);
        ReadVarint(data, ref offset);
        return (count, UnZigZag(ReadVarint(data, ref offset)));
    }

    /// <summary>Decodes a batch; throws <see cref="InvalidDataException"/> on malformed input.</summary>
    public static List<Event> Read(ReadOnlySpan<byte> data, StringPool pool)
    {
        int offset = 0;
        int count = checked((int)ReadVarint(data, ref offset));
        var events = new List<Event>(count);
        for (int i = 0; i < count; i++)
        {
            string app = pool.Get(ReadStringBytes(data, ref offset));
            string name = pool.Get(ReadStringBytes(data, ref offset));
            long time = UnZigZag(ReadVarint(data, ref offset));
            long receipt = UnZigZag(ReadVarint(data, ref offset));
            int fieldCount = checked((int)ReadVarint(data, ref offset));
            var fields = new KeyValuePair<string, FieldValue>[fieldCount];
            for (int f = 0; f < fieldCount; f++)
            {
                string key = pool.Get(ReadStringBytes(data, ref offset));
                var kind = (FieldKind)Need(data, offset, 1)[0];
                offset++;
                FieldValue value = kind switch
                {
                    FieldKind.String => pool.Get(ReadStringBytes(data, ref offset)),
                    FieldKind.Long => UnZigZag(ReadVarint(data, ref offset)),
                    FieldKind.Double => BinaryPrimitives.ReadDoubleLittleEndian(Need(data, (offset += 8) - 8, 8)),
                    FieldKind.Bool => Need(data, offset++, 1)[0] != 0,
                    FieldKind.Null => FieldValue.Null,
                    _ => throw new InvalidDataException($"unknown field kind {(byte)kind} at byte {offset - 1}"),
                };
                fields[f] = new(key, value);
            }

            events.Add(new Event(app, name, time, receipt, fields));
        }

        if (offset != data.Length)
        {
            throw new InvalidDataException($"{data.Length - offset} trailing bytes after {count} events");
        }

        return events;
    }

    internal static ReadOnlySpan<byte> Need(ReadOnlySpan<byte> data, int offset, int length) =>
        offset >= 0 && length >= 0 && offset <= data.Length - length
            ? data.Slice(offset, length)
            : throw new InvalidDataException($"batch truncated at byte {offset}");

    internal static ReadOnlySpan<byte> ReadStringBytes(ReadOnlySpan<byte> data, scoped ref int offset)
    {
        int length = checked((int)ReadVarint(data, ref offset));
        var bytes = Need(data, offset, length);
        offset += length;
        return bytes;
    }

    private static void WriteString(IBufferWriter<byte> output, string value)
    {
        int max = System.Text.Encoding.UTF8.GetMaxByteCount(value.Length);
        var span = output.GetSpan(max + 5);
        int length = System.Text.Encoding.UTF8.GetBytes(value, span[5..]);
        int prefix = VarintLength((ulong)length);
        // Write the length in front of the bytes: move them down when the prefix is shorter than 5.
        span.Slice(5, length).CopyTo(span[prefix..]);
        WriteVarint(span, (ulong)length);
        output.Advance(prefix + length);
    }

    private static void WriteVarint(IBufferWriter<byte> output, ulong value)
    {
        output.Advance(WriteVarint(output.GetSpan(10), value));
    }

    private static int WriteVarint(Span<byte> span, ulong value)
    {
        int i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        return i;
    }

    private static int VarintLength(ulong value)
    {
        int n = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            n++;
        }

        return n;
    }

    internal static ulong ReadVarint(ReadOnlySpan<byte> data, ref int offset)
    {
        ulong result = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (offset >= data.Length)
            {
                throw new InvalidDataException($"batch truncated at byte {offset}");
            }

            byte b = data[offset++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new InvalidDataException($"varint too long at byte {offset}");
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    internal static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);
}
