using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Core.Text;
using Metronome.Core.Time;
using Metronome.Storage.Io;
using Metronome.Storage.Segments;
using Metronome.Storage.Tail;
using Metronome.Storage.Tests.Aggregation;

namespace Metronome.Storage.Tests.Segments;

/// <summary>Sealing reads the tail's encoded batches in place, cut wherever requests ended; the segments
/// must not depend on where the batches were cut: exactly the ones written from the same events as
/// objects.</summary>
public sealed class EncodedSealTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 7)]
    [InlineData(3, 2_500)]
    [InlineData(4, 20_000)]
    public void Segments_from_encoded_batches_are_byte_identical_to_segments_from_events(int seed, int count)
    {
        var random = new Random(seed);
        var events = RandomEvents.Generate(random, count);
        events.AddRange(EdgeEvents());
        var batches = Batches(events, random);

        var partitions = TailPartitioner.Partition(batches);
        var data = batches.Select(b => b.Data).ToList();

        var expected = events
            .GroupBy(e => (e.App, Day: TailPartitioner.DayNumber(e.TimeUs)))
            .OrderBy(g => g.Key.App, StringComparer.Ordinal).ThenBy(g => g.Key.Day)
            .ToList();
        Assert.Equal(expected.Select(g => (g.Key.App, g.Key.Day)), partitions.Select(p => (p.App, p.Day)));
        var fs = new MemoryFileSystem();
        fs.CreateDirectory("segments");
        for (int p = 0; p < partitions.Count; p++)
        {
            var fromEvents = SegmentWriter.Write(fs, "segments/a.seg", "a.seg", partitions[p].App, "2025-11-01", expected[p].ToList());
            var fromBatches = SegmentWriter.Write(fs, "segments/b.seg", "b.seg", partitions[p].App, "2025-11-01", partitions[p].Rows, data);

            Assert.Equal(fromEvents with { File = "b.seg" }, fromBatches);
            Assert.Equal(Read(fs, "segments/a.seg"), Read(fs, "segments/b.seg"));
        }
    }

    [Fact]
    public void The_reader_walks_a_batch_as_the_codec_decodes_it()
    {
        var events = RandomEvents.Generate(new Random(5), 300);
        events.AddRange(EdgeEvents());
        var data = Encode(events);

        var reader = new EventBatchReader(data);
        int count = reader.ReadCount();
        var decoded = EventBatchDecoder.Read(data, new StringPool());
        Assert.Equal(events.Count, count);
        for (int i = 0; i < count; i++)
        {
            reader.ReadHeader(out var app, out var name, out long time, out long receipt, out int fieldCount);
            Assert.Equal(decoded[i].App, System.Text.Encoding.UTF8.GetString(app));
            Assert.Equal(decoded[i].Name, System.Text.Encoding.UTF8.GetString(name));
            Assert.Equal((decoded[i].TimeUs, decoded[i].ReceiptTimeUs), (time, receipt));
            Assert.Equal(decoded[i].Fields.Count, fieldCount);
            foreach (var (key, value) in decoded[i].Fields)
            {
                var kind = reader.ReadField(out var keyBytes, out var text, out long bits);
                Assert.Equal(key, System.Text.Encoding.UTF8.GetString(keyBytes));
                Assert.Equal(value.Kind, kind);
                FieldValue read = kind switch
                {
                    FieldKind.String => System.Text.Encoding.UTF8.GetString(text),
                    FieldKind.Long => bits,
                    FieldKind.Double => BitConverter.Int64BitsToDouble(bits),
                    FieldKind.Bool => bits != 0,
                    _ => FieldValue.Null,
                };
                Assert.Equal(value, read);
            }
        }

        Assert.Equal(data.Length, reader.Offset);
        Assert.Equal(events[0].ReceiptTimeUs, EventBatch.FromEncoded(data, new StringPool()).FirstReceiptUs);
    }

    [Fact]
    public void Replay_indexes_a_batch_exactly_as_the_writer_did()
    {
        var events = RandomEvents.Generate(new Random(11), 2_000);
        events.AddRange(EdgeEvents());
        var written = EventBatch.From(events);

        var replayed = EventBatch.FromEncoded(written.Data, new StringPool());

        Assert.Equal(events.Count, written.Count);
        Assert.Equal(written.Entries.ToArray(), replayed.Entries.ToArray());
        Assert.Equal(written.Apps, replayed.Apps);
        Assert.Equal(written.Names, replayed.Names);
        Assert.Equal(events[0].ReceiptTimeUs, replayed.FirstReceiptUs);
        for (int i = 0; i < events.Count; i++)
        {
            var entry = written.Entries[i];
            Assert.Equal((events[i].App, events[i].Name, events[i].TimeUs), (written.Apps[entry.App], written.Names[entry.Name], entry.TimeUs));
            var reader = new EventBatchReader(written.Data, entry.Offset);
            reader.ReadHeader(out var app, out _, out long time, out _, out _);
            Assert.Equal((events[i].App, events[i].TimeUs), (System.Text.Encoding.UTF8.GetString(app), time));
        }
    }

    [Fact]
    public void A_truncated_batch_is_an_error_not_a_wrong_read()
    {
        var data = Encode(RandomEvents.Generate(new Random(9), 5));

        Assert.Throws<InvalidDataException>(() =>
        {
            var reader = new EventBatchReader(data.AsSpan(0, data.Length - 3));
            int count = reader.ReadCount();
            for (int i = 0; i < count; i++)
            {
                reader.ReadHeader(out _, out _, out _, out _, out int fields);
                reader.SkipFields(fields);
            }
        });
    }

    [Fact]
    public void The_code_table_numbers_distinct_values_in_order_of_first_sight()
    {
        var random = new Random(3);
        var table = new Utf8CodeTable();
        var reference = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < 50_000; i++)
        {
            string value = random.Next(4) switch
            {
                0 => "",
                1 => "v" + random.Next(20_000),
                2 => new string('x', random.Next(200)),
                _ => "Zürich ✓ " + random.Next(100),
            };
            if (!reference.TryGetValue(value, out int expected))
            {
                reference[value] = expected = reference.Count;
            }

            int code = table.GetOrAdd(System.Text.Encoding.UTF8.GetBytes(value), out bool added);
            Assert.Equal(expected, code);
            Assert.Equal(code == reference.Count - 1 && added, added);
            Assert.Equal(value, table.StringOf(code));
        }

        Assert.Equal(reference.Count, table.Count);
    }

    private static IEnumerable<Event> EdgeEvents()
    {
        long t = RandomEvents.StartUs;
        yield return new Event("shop", "view", t, t, [new("text", "héllo wörld ✓"), new("count", long.MinValue), new("ratio", double.NaN), new("ok", true), new("empty", "")]);
        yield return new Event("shop", "view", t, t, [new("count", long.MaxValue), new("ratio", -0.0), new("ok", false), new("gone", FieldValue.Null)]);
        yield return new Event("shop", "pay", t - UnixTime.MicrosecondsPerDay * 400, t, [new("text", "a\u0000b"), new("dup", 1L), new("dup", 2L)]);
        yield return new Event("shop", "Übung", t, t, []);
    }

    /// <summary>Batches as appends make them (written, indexed as they were) and as log replay makes
    /// them (indexed from the bytes), alternately.</summary>
    private static List<EventBatch> Batches(List<Event> events, Random random)
    {
        var batches = new List<EventBatch>();
        for (int start = 0; start < events.Count;)
        {
            int size = Math.Min(events.Count - start, random.Next(1, 3_000));
            var batch = EventBatch.From(events.GetRange(start, size));
            batches.Add(batches.Count % 2 == 0 ? batch : EventBatch.FromEncoded(batch.Data, new StringPool()));
            start += size;
        }

        return batches;
    }

    private static byte[] Encode(List<Event> events) => EventBatch.From(events).Data;

    private static byte[] Read(MemoryFileSystem fs, string path) => fs.ReadAllBytes(path);
}
