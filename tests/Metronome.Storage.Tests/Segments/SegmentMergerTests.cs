using System.Globalization;
using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Storage.Io;
using Metronome.Storage.Segments;
using Metronome.Storage.Tests.Aggregation;

namespace Metronome.Storage.Tests.Segments;

/// <summary>Compaction merges segments column by column; the merged segment must hold exactly the
/// sources' events, in segment order (name by ordinal, then time, ties in source order).</summary>
public sealed class SegmentMergerTests
{
    private const string App = "shop";
    private const string Day = "2025-11-01";

    /// <summary>Names and values whose UTF-16 ordinal order differs from their UTF-8 byte order (a
    /// surrogate pair sorts before U+FF21 in UTF-16, after it in UTF-8), plus case and accents.</summary>
    private static readonly string[] Names = ["view", "View", "pay", "Übung", "\uFF21pp", "\U0001F600", ""];
    private static readonly string[] Hosts = ["web-1", "web-2", "Zürich-db", "\uFF21", "\U0001F680 rocket", ""];

    [Theory]
    [InlineData(1, new[] { 70_000, 1, 66_000, 9_000 })]
    [InlineData(2, new[] { 3, 5, 2 })]
    [InlineData(3, new[] { 140_000 })]
    public void The_merged_segment_holds_the_sources_events_in_segment_order(int seed, int[] sizes)
    {
        var random = new Random(seed);
        var fs = SegmentFiles.NewFileSystem();
        var sources = new List<Segment>();
        for (int s = 0; s < sizes.Length; s++)
        {
            var events = Generate(random, sizes[s], s);
            var info = SegmentWriter.Write(fs, $"segments/{s}.seg", $"{s}.seg", App, Day, events);
            sources.Add(Segment.Open(fs, info));
        }

        // The sources' events as stored (duplicate keys and nulls already gone), then ordered by a
        // stable sort: equal (name, time) keep source order, then row order.
        var expected = sources.SelectMany(ReadAll)
            .OrderBy(e => e.Name, StringComparer.Ordinal).ThenBy(e => e.TimeUs)
            .ToList();

        var merged = SegmentMerger.Merge(fs, "segments/m.seg", "m.seg", App, Day, sources);
        using var segment = Segment.Open(fs, merged);
        var actual = ReadAll(segment);

        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(Describe(expected[i]), Describe(actual[i]));
        }

        Assert.Equal((expected.Count, expected.Min(e => e.TimeUs), expected.Max(e => e.TimeUs)), (merged.Rows, merged.MinTimeUs, merged.MaxTimeUs));
        Assert.Empty(segment.Verify());
        if (expected.Count > SegmentFormat.BlockRows)
        {
            // What the test set out to cover: several blocks, and text both dictionary-coded and plain.
            Assert.True(segment.Blocks.Count > 1);
            Assert.Contains(segment.Columns, c => c.Kind == FieldKind.String && c.Encoding == ColumnEncoding.Plain);
            Assert.Contains(segment.Columns, c => c.Key == "host" && c.Encoding == ColumnEncoding.Dictionary);
        }

        sources.ForEach(s => s.Dispose());
    }

    [Fact]
    public void Merging_writes_the_bytes_that_writing_the_sources_events_did()
    {
        var random = new Random(21);
        var fs = SegmentFiles.NewFileSystem();
        var sources = new List<Segment>();
        for (int s = 0; s < 3; s++)
        {
            var events = RandomEvents.Generate(random, 1_000 + s * 700).Select(e => new Event(App, e.Name, e.TimeUs, e.ReceiptTimeUs, e.Fields)).ToList();
            events.AddRange(Generate(random, 500, s));
            var info = SegmentWriter.Write(fs, $"segments/{s}.seg", $"{s}.seg", App, Day, events);
            sources.Add(Segment.Open(fs, info));
        }

        var fromEvents = SegmentWriter.Write(fs, "segments/a.seg", "a.seg", App, Day, sources.SelectMany(ReadAll).ToList());
        var merged = SegmentMerger.Merge(fs, "segments/b.seg", "b.seg", App, Day, sources);

        Assert.Equal(fromEvents with { File = "b.seg" }, merged);
        Assert.Equal(fs.ReadAllBytes("segments/a.seg"), fs.ReadAllBytes("segments/b.seg"));
        sources.ForEach(s => s.Dispose());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Merging_segments_sealed_from_log_lines_writes_what_sealing_all_their_batches_did(bool everyMessageWithinRaw)
    {
        var random = new Random(8);
        var fs = SegmentFiles.NewFileSystem();
        var sources = new List<Segment>();
        var allBatches = new List<EventBatch>();
        int[] sizes = [30_000, 70_000, 5_000];
        for (int s = 0; s < sizes.Length; s++)
        {
            // A line's message is written as the end of its _raw, as the drain decoder writes it; in one
            // source, some messages are not the end of it, and that source's message column gets a term
            // index of its own and its text in full.
            var batches = LogLineBatches(random, sizes[s], withinRaw: everyMessageWithinRaw || s != 1);
            var info = SegmentWriter.Write(fs, $"segments/{s}.seg", $"{s}.seg", App, Day, batches);
            sources.Add(Segment.Open(fs, info));
            allBatches.AddRange(batches);
        }

        var sealedAtOnce = SegmentWriter.Write(fs, "segments/a.seg", "a.seg", App, Day, allBatches);
        var merged = SegmentMerger.Merge(fs, "segments/b.seg", "b.seg", App, Day, sources);

        Assert.Equal(sealedAtOnce with { File = "b.seg" }, merged);
        Assert.Equal(fs.ReadAllBytes("segments/a.seg"), fs.ReadAllBytes("segments/b.seg"));
        using var segment = Segment.Open(fs, merged);
        int raw = segment.ColumnsFor("_raw").Single(), message = segment.ColumnsFor("message").Single();
        Assert.True(segment.Blocks.Count > 1);
        Assert.All(segment.Blocks, block => Assert.Equal(
            everyMessageWithinRaw,
            segment.ChunkOf(block, raw)!.Bloom == segment.ChunkOf(block, message)!.Bloom));
        Assert.All(segment.Blocks, block => Assert.Equal(everyMessageWithinRaw ? raw : -1, segment.ChunkOf(block, message)!.SuffixOf));
        sources.ForEach(s => s.Dispose());
    }

    /// <summary>Log lines in batches of up to 4,000: a unique _raw, its message (the part after " - "),
    /// a host and a status.</summary>
    private static List<EventBatch> LogLineBatches(Random random, int count, bool withinRaw)
    {
        var batches = new List<EventBatch>();
        var writer = new EventBatchWriter();
        for (int i = 0; i < count; i++)
        {
            string message = $"at=info path=/items/{random.Next(5_000)} ünï ✓ id={random.NextInt64():x16}";
            string raw = $"<158>1 host {RandomEvents.Pick(random, Hosts)} router - {message}";
            long time = RandomEvents.StartUs + (random.Next(300) * 1_000_000L);
            writer.BeginEvent(App, random.Next(10) == 0 ? "app" : "router", time, time + 5, 4);
            writer.WriteField("_raw", raw);
            if (withinRaw || random.Next(10) != 0)
            {
                writer.WriteUtf8SuffixField("message", System.Text.Encoding.UTF8.GetByteCount(raw) - System.Text.Encoding.UTF8.GetByteCount(message));
            }
            else
            {
                writer.WriteField("message", message + " (retried)");
            }

            writer.WriteField("host", RandomEvents.Pick(random, Hosts));
            writer.WriteField("status", (long)(random.Next(10) == 0 ? 404 : 200));
            if (writer.Count == 4_000 || i == count - 1)
            {
                batches.Add(writer.ToBatch());
                writer.Clear();
            }
        }

        return batches;
    }

    /// <summary>Events of one source segment: several names; times from a narrow range, so equal times
    /// meet within and across segments; keys on some rows only, a key with four kinds, keys differing
    /// only by case, a key only this source has, dictionary-friendly and unique text, unicode, and
    /// fields in varying order.</summary>
    internal static List<Event> Generate(Random random, int count, int source)
    {
        var events = new List<Event>(count);
        for (int i = 0; i < count; i++)
        {
            var fields = new List<KeyValuePair<string, FieldValue>>();
            void Maybe(double p, string key, FieldValue value)
            {
                if (random.NextDouble() < p)
                {
                    fields.Add(new(key, value));
                }
            }

            Maybe(0.9, "host", RandomEvents.Pick(random, Hosts));
            Maybe(0.3, "Host", RandomEvents.Pick(random, Hosts));
            Maybe(0.95, "line", $"{source}:{i} héllo ✓ \U0001F600 {random.NextInt64():x16}");
            Maybe(0.7, "bytes", random.NextInt64(long.MinValue, long.MaxValue));
            Maybe(0.6, "code", random.Next(4) switch
            {
                0 => FieldValue.From((long)random.Next(5)),
                1 => FieldValue.From("E" + random.Next(5)),
                2 => FieldValue.From(random.Next(3) == 0 ? double.NaN : random.Next(3) == 0 ? -0.0 : random.NextDouble()),
                _ => FieldValue.From(random.Next(2) == 0),
            });
            Maybe(0.5, "ok", random.Next(2) == 0);
            Maybe(0.02, "rare", random.Next(3).ToString(CultureInfo.InvariantCulture));
            Maybe(0.4, "source" + source, (long)source);
            // A dictionary column in some sources, plain in others.
            Maybe(0.8, "mixed", source % 2 == 0 ? RandomEvents.Pick(random, Hosts) : "unique " + random.NextInt64());
            Maybe(0.05, "gone", FieldValue.Null);
            if (random.Next(4) == 0)
            {
                Shuffle(random, fields);
            }

            long time = RandomEvents.StartUs + (random.Next(300) * 1_000_000L);
            events.Add(new Event(App, RandomEvents.Pick(random, Names), time, time + random.Next(1_000), [.. fields]));
        }

        return events;
    }

    /// <summary>An event's members and fields (key, kind, value), fields in key order: a merged segment
    /// may order its columns differently from a source.</summary>
    private static string Describe(Event e)
    {
        var fields = e.Fields
            .OrderBy(f => f.Key, StringComparer.Ordinal).ThenBy(f => f.Value.Kind)
            .Select(f => $"{f.Key}={f.Value.Kind}:{(f.Value.Kind == FieldKind.Double ? BitConverter.DoubleToInt64Bits(f.Value.AsDouble).ToString("X16", CultureInfo.InvariantCulture) : f.Value.ToString())}");
        return $"{e.App}|{e.Name}|{e.TimeUs}|{e.ReceiptTimeUs}|{string.Join("|", fields)}";
    }

    private static List<Event> ReadAll(Segment segment) => segment.Blocks.SelectMany(segment.Materialize).ToList();


    private static void Shuffle<T>(Random random, List<T> items)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
