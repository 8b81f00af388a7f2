using System.Buffers.Binary;
using Metronome.Core.Text;
using static Metronome.Core.Events.Batches.BatchPrimitives;

namespace Metronome.Core.Events.Batches;

/// <summary>Turns an encoded batch back into event objects (scans of the unsealed tail, tools).</summary>
public static class EventBatchDecoder
{
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
            int textStart = 0, textLength = -1;
            for (int f = 0; f < fieldCount; f++)
            {
                string key = pool.Get(ReadStringBytes(data, ref offset));
                var kind = (FieldKind)Need(data, offset, 1)[0];
                offset++;
                if (kind == FieldKind.String)
                {
                    var text = ReadStringBytes(data, ref offset);
                    (textStart, textLength) = (offset - text.Length, text.Length);
                    fields[f] = new(key, pool.Get(text));
                    continue;
                }

                if ((byte)kind == SuffixOfPreviousText)
                {
                    int at = offset - 1;
                    ulong skip = ReadVarint(data, ref offset);
                    if (textLength < 0 || skip > (ulong)textLength)
                    {
                        throw new InvalidDataException($"a text suffix at byte {at} has no previous text of {skip} bytes or more in its event");
                    }

                    (textStart, textLength) = (textStart + (int)skip, textLength - (int)skip);
                    fields[f] = new(key, pool.Get(data.Slice(textStart, textLength)));
                    continue;
                }

                textLength = -1; // a suffix refers to the text field just before it
                FieldValue value = kind switch
                {
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
}
