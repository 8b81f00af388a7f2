using Metronome.Core.Events;
using Metronome.Storage.Scanning;
using Metronome.Storage.Segments;
using Metronome.Storage.Tests.Support;

namespace Metronome.Storage.Tests.Segments;

public class SegmentRoundTripTests
{
    private const long T0 = TestEvents.Day0Us;

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public void Events_with_every_value_kind_and_missing_values_read_back_unchanged(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        var events = new List<Event>
        {
            new("shop", "view", T0 + 5, T0 + 9,
            [
                new("text", "héllo wörld ✓"), new("count", long.MinValue), new("ratio", double.NaN), new("ok", true), new("empty", ""),
            ]),
            new("shop", "view", T0 + 1, T0 + 2,
            [
                new("count", long.MaxValue), new("ratio", -0.0), new("ok", false), new("gone", FieldValue.Null),
            ]),
            new("shop", "pay", T0 + 3, T0 + 3, [new("ratio", double.PositiveInfinity), new("text", "a\u0000b"), new("count", 0L)]),
            new("shop", "pay", T0 - 7, T0, []),
            new("shop", "view", T0 + 5, T0 + 10, [new("ratio", double.Epsilon), new("text", "duplicate time")]),
        };

        using var segment = SegmentFiles.Reopen(device, SegmentFiles.WriteAndOpen(device, events));

        Assert.Equal(SegmentFiles.Signatures(events), SegmentFiles.Signatures(SegmentFiles.ReadAll(segment)));
        Assert.Equal(5, segment.Info.Rows);
        Assert.Equal(T0 - 7, segment.Info.MinTimeUs);
        Assert.Equal(T0 + 5, segment.Info.MaxTimeUs);
        Assert.Empty(segment.Verify());
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public void Rows_are_sorted_by_name_then_time(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        var events = new[] { ("view", 3L), ("pay", 9L), ("view", 1L), ("pay", 2L) }
            .Select(x => new Event("shop", x.Item1, T0 + x.Item2, T0)).ToList();

        using var segment = SegmentFiles.WriteAndOpen(device, events);

        Assert.Equal(["pay@2", "pay@9", "view@1", "view@3"], SegmentFiles.ReadAll(segment).Select(e => $"{e.Name}@{e.TimeUs - T0}"));
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public void Rows_without_a_value_get_a_presence_bitmap(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        var events = Enumerable.Range(0, 100).Select(i => new Event("shop", "view", T0 + i, T0,
            i % 3 == 0 ? [new("sometimes", (long)i), new("always", 1L)] : [new("always", 1L)])).ToList();

        using var segment = SegmentFiles.WriteAndOpen(device, events);

        var block = Assert.Single(segment.Blocks);
        var sometimes = segment.ChunkOf(block, Assert.Single(segment.ColumnsFor("sometimes")))!;
        var always = segment.ChunkOf(block, Assert.Single(segment.ColumnsFor("always")))!;
        Assert.Equal(34, sometimes.PresentRows);
        Assert.False(sometimes.Presence.IsEmpty);
        Assert.Equal(100, always.PresentRows);
        Assert.True(always.Presence.IsEmpty);
        Assert.Equal(SegmentFiles.Signatures(events), SegmentFiles.Signatures(SegmentFiles.ReadAll(segment)));
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public void A_key_that_arrives_with_two_kinds_gets_one_column_per_kind(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        var events = Enumerable.Range(0, 20).Select(i => new Event("shop", "view", T0 + i, T0,
            [new("status", i % 2 == 0 ? FieldValue.From((long)(200 + i)) : FieldValue.From("s" + i))])).ToList();

        using var segment = SegmentFiles.WriteAndOpen(device, events);

        var kinds = segment.ColumnsFor("STATUS").Select(c => segment.Columns[c].Kind).Order().ToList();
        Assert.Equal([FieldKind.String, FieldKind.Long], kinds);
        Assert.Equal(SegmentFiles.Signatures(events), SegmentFiles.Signatures(SegmentFiles.ReadAll(segment)));
        Assert.Equal(10, segment.Scan(new ScanQuery { App = "shop", Filters = [FieldFilter.Between("status", 0, 1000)] }).Count());
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public void Few_distinct_strings_get_a_dictionary_and_many_get_plain_encoding_with_a_bloom_filter(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        var events = Enumerable.Range(0, 200).Select(i => new Event("shop", i % 2 == 0 ? "view" : "pay", T0 + i, T0,
        [
            new("country", new[] { "DE", "FR", "US" }[i % 3]),
            new("_raw", $"GET /items/{i} served in {i * 3} ms"),
            new("count", (long)i),
            new("ratio", i / 7.0),
            new("ok", i % 5 == 0),
        ])).ToList();

        using var segment = SegmentFiles.WriteAndOpen(device, events);

        ColumnEncoding EncodingOf(string key) => segment.Columns[Assert.Single(segment.ColumnsFor(key))].Encoding;
        Assert.Equal(ColumnEncoding.Dictionary, EncodingOf("name"));
        Assert.Equal(ColumnEncoding.Dictionary, EncodingOf("country"));
        Assert.Equal(["DE", "FR", "US"], segment.Dictionary(Assert.Single(segment.ColumnsFor("country"))));
        Assert.Equal(ColumnEncoding.Plain, EncodingOf("_raw"));
        Assert.Equal(ColumnEncoding.Integer, EncodingOf("count"));
        Assert.Equal(ColumnEncoding.Double, EncodingOf("ratio"));
        Assert.Equal(ColumnEncoding.Bool, EncodingOf("ok"));
        var raw = segment.ChunkOf(segment.Blocks[0], Assert.Single(segment.ColumnsFor("_raw")))!;
        Assert.False(raw.Bloom.IsEmpty);
        var count = segment.ChunkOf(segment.Blocks[0], Assert.Single(segment.ColumnsFor("count")))!;
        Assert.Equal((0, 199), (count.Min, count.Max));
        Assert.Equal(SegmentFiles.Signatures(events), SegmentFiles.Signatures(SegmentFiles.ReadAll(segment)));
    }

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public void Bloom_filters_and_dictionaries_skip_blocks_without_changing_answers(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        var events = Enumerable.Range(0, 200).Select(i => new Event("shop", "view", T0 + i, T0,
            [new("_raw", $"request {i} took {i * 3} ms"), new("country", i < 100 ? "DE" : "FR")])).ToList();
        using var segment = SegmentFiles.WriteAndOpen(device, events);
        var block = segment.Blocks[0];

        Assert.False(new SegmentPruning(segment, new ScanQuery { App = "shop", Terms = ["nosuchword"] }).BlockMayMatch(block));
        Assert.False(new SegmentPruning(segment, new ScanQuery { App = "shop", Filters = [FieldFilter.Equal("country", "US")] }).BlockMayMatch(block));
        Assert.True(new SegmentPruning(segment, new ScanQuery { App = "shop", Terms = ["REQUEST", "42"] }).BlockMayMatch(block));

        var found = segment.Scan(new ScanQuery { App = "shop", Terms = ["took", "126"], Filters = [FieldFilter.Equal("country", "de")] }).ToList();
        Assert.Equal("request 42 took 126 ms", Assert.Single(found).Get("_raw").AsString);
    }

    [Fact]
    public void More_than_65536_rows_are_cut_into_blocks_that_read_back_in_order()
    {
        using var device = TestDevice.Create(DeviceKind.Memory);
        const int Rows = SegmentFormat.BlockRows + 4_464;
        var events = new List<Event>(Rows);
        for (int i = 0; i < Rows; i++)
        {
            events.Add(new Event("shop", "view", T0 + (i * 1_000L), T0, [new("i", (long)i)]));
        }

        using var segment = SegmentFiles.WriteAndOpen(device, events);

        Assert.Equal([SegmentFormat.BlockRows, 4_464], segment.Blocks.Select(b => b.Rows));
        Assert.Equal(T0 + (SegmentFormat.BlockRows * 1_000L), segment.Blocks[1].MinTimeUs);
        var read = SegmentFiles.ReadAll(segment);
        Assert.Equal(Enumerable.Range(0, Rows).Select(i => (long)i), read.Select(e => e.Get("i").AsLong));
        var acrossBoundary = segment.Scan(new ScanQuery { App = "shop", FromUs = T0 + 65_000_000, ToUs = T0 + 66_000_000 }).ToList();
        Assert.Equal(Enumerable.Range(65_000, 1_000).Select(i => (long)i), acrossBoundary.Select(e => e.Get("i").AsLong));
    }

    [Fact]
    public void Columns_on_every_row_until_a_row_lacks_them_read_back_in_every_block()
    {
        // Sealing keeps no row numbers for a column while it has a value on every row; the first row without
        // one (here after a block of them), a key repeated within an event, and a column whose values end there
        // (a suffix) must all still come back in their rows.
        const int Rows = SegmentFormat.BlockRows + 4_464;
        const int Gap = SegmentFormat.BlockRows + 500;
        var writer = new Metronome.Core.Events.Batches.EventBatchWriter();
        var expected = new List<Event>(Rows);
        for (int i = 0; i < Rows; i++)
        {
            var fields = new List<KeyValuePair<string, FieldValue>> { new("always", (long)i) };
            if (i != Gap && i < Rows - 10)
            {
                fields.Add(new("gap", (long)(i * 2)));
            }

            if (i < 1_000)
            {
                fields.Add(new("early", "e" + (i % 7)));
            }

            bool text = i != Gap + 1;
            writer.BeginEvent("shop", "view", T0 + i, T0, fields.Count + (text ? 2 : 0) + (i == 3 ? 1 : 0));
            foreach (var field in fields)
            {
                writer.WriteField(field.Key, field.Value);
            }

            if (i == 3)
            {
                writer.WriteField("always", -1L); // the first value wins
            }

            if (text)
            {
                string raw = $"<1>1 - host app web.1 - line {i} at=info";
                writer.WriteUtf8Field("_raw", System.Text.Encoding.UTF8.GetBytes(raw));
                writer.WriteUtf8SuffixField("message", 24);
                fields.Add(new("_raw", raw));
                fields.Add(new("message", raw[24..]));
            }

            expected.Add(new Event("shop", "view", T0 + i, T0, fields));
        }

        var batch = writer.ToBatch();
        using var device = TestDevice.Create(DeviceKind.Memory);
        device.FileSystem.CreateDirectory(EventStore.SegmentDirectory);
        var info = SegmentWriter.Write(device.FileSystem, SegmentFiles.Path, SegmentFiles.File, "shop", "2026-01-01", [batch]);
        using var segment = Segment.Open(device.FileSystem, info);

        Assert.Equal(SegmentFiles.Signatures(expected), SegmentFiles.Signatures(SegmentFiles.ReadAll(segment)));
        var gap = segment.ChunkOf(segment.Blocks[1], Assert.Single(segment.ColumnsFor("gap")))!;
        Assert.Equal(4_464 - 11, gap.PresentRows);
        Assert.Null(segment.ChunkOf(segment.Blocks[1], Assert.Single(segment.ColumnsFor("early"))));
        Assert.Empty(segment.Verify());
    }
}
