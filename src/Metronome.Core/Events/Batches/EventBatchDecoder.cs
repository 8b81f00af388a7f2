using Metronome.Core.Text;

namespace Metronome.Core.Events.Batches;

/// <summary>Turns an encoded batch back into event objects (scans of the unsealed tail, tools), reading it
/// with <see cref="EventBatchReader"/>, so there is one reader of the format.</summary>
public static class EventBatchDecoder
{
    /// <summary>Decodes a batch; throws <see cref="InvalidDataException"/> on malformed input.</summary>
    public static List<Event> Read(ReadOnlySpan<byte> data, StringPool pool)
    {
        var reader = new EventBatchReader(data);
        int count = reader.ReadCount();
        var events = new List<Event>(count);
        for (int i = 0; i < count; i++)
        {
            reader.ReadHeader(out var app, out var name, out long time, out long receipt, out int fieldCount);
            var fields = new KeyValuePair<string, FieldValue>[fieldCount];
            for (int f = 0; f < fieldCount; f++)
            {
                var kind = reader.ReadField(out var key, out var text, out long bits);
                FieldValue value = kind switch
                {
                    FieldKind.String => pool.Get(text),
                    FieldKind.Long => bits,
                    FieldKind.Double => BitConverter.Int64BitsToDouble(bits),
                    FieldKind.Bool => bits != 0,
                    _ => FieldValue.Null,
                };
                fields[f] = new(pool.Get(key), value);
            }

            events.Add(new Event(pool.Get(app), pool.Get(name), time, receipt, fields));
        }

        if (reader.Offset != data.Length)
        {
            throw new InvalidDataException($"{data.Length - reader.Offset} trailing bytes after {count} events");
        }

        return events;
    }
}
