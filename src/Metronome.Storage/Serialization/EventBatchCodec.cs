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
    /// <summary>Encodes a batch into an array of exactly its size: one pass measures, one writes
    /// (strings transcode straight into place, no intermediate buffer).</summary>
    public static byte[] Encode(IReadOnlyList<Event> events)
    {
        var data = GC.AllocateUninitializedArray<byte>(EncodedLength(events));
        var span = data.AsSpan();
        int at = WriteVarint(span, (ulong)events.Count);
        foreach (var e in events)
        {
            at += WriteString(span[at..], e.App);
            at += WriteString(span[at..], e.Name);
            at += WriteVarint(span[at..], ZigZag(e.TimeUs));
            at += WriteVarint(span[at..], ZigZag(e.ReceiptTimeUs));
            at += WriteVarint(span[at..], (ulong)e.Fields.Count);
            foreach (var (key, value) in e.Fields)
            {
                at += WriteString(span[at..], key);
                span[at++] = (byte)value.Kind;
                switch (value.Kind)
                {
                    case FieldKind.String:
                        at += WriteString(span[at..], value.AsString);
                        break;
                    case FieldKind.Long:
                        at += WriteVarint(span[at..], ZigZag(value.AsLong));
                        break;
                    case FieldKind.Double:
                        BinaryPrimitives.WriteDoubleLittleEndian(span[at..], value.AsDouble);
                        at += 8;
                        break;
                    case FieldKind.Bool:
                        span[at++] = value.AsBool ? (byte)1 : (byte)0;
                        break;
                }
            }
        }

        return at == data.Length ? data : throw new InvalidOperationException($"encoded {at} bytes, measured {data.Length}");
    }

    private static int EncodedLength(IReadOnlyList<Event> events)
    {
        long length = VarintLength((ulong)events.Count);
        foreach (var e in events)
        {
            length += StringLength(e.App) + StringLength(e.Name)
                + VarintLength(ZigZag(e.TimeUs)) + VarintLength(ZigZag(e.ReceiptTimeUs)) + VarintLength((ulong)e.Fields.Count);
            foreach (var (key, value) in e.Fields)
            {
                length += StringLength(key) + 1 + value.Kind switch
                {
                    FieldKind.String => StringLength(value.AsString),
                    FieldKind.Long => VarintLength(ZigZag(value.AsLong)),
                    FieldKind.Double => 8,
                    FieldKind.Bool => 1,
                    _ => 0,
                };
            }
        }

        return checked((int)length);
    }

    private static int StringLength(string value)
    {
        int bytes = System.Text.Encoding.UTF8.GetByteCount(value);
        return VarintLength((ulong)bytes) + bytes;
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

    private static int WriteString(Span<byte> span, string value)
    {
        if (value.Length <= 42)
        {
            // At most 3 bytes per char: under 128 bytes, so the prefix is one byte.
            int written = System.Text.Encoding.UTF8.GetBytes(value, span[1..]);
            span[0] = (byte)written;
            return written + 1;
        }

        int length = System.Text.Encoding.UTF8.GetByteCount(value);
        int prefix = WriteVarint(span, (ulong)length);
        return prefix + System.Text.Encoding.UTF8.GetBytes(value, span[prefix..]);
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
