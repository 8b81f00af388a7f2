using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Storage.Encoding;
using Metronome.Storage.Io;
using Metronome.Storage.Scanning;
using Metronome.Storage.Segments;
using Metronome.Storage.Tests.Support;

namespace Metronome.Storage.Tests.Segments;

/// <summary>Compaction of segments with full blocks copies the blocks: the merged segment must hold
/// exactly the sources' events, block for block, with dictionaries merged and text chunks, suffix
/// chunks and term indexes as the sources had them.</summary>
public sealed class SegmentConcatenatorTests
{
    private const string App = "shop";
    private const string Day = "2025-11-01";
    private static readonly string[] Hosts = ["web-1", "web-2", "Zürich-db", "\U0001F680 rocket"];

    [Fact]
    public void Concatenating_keeps_every_event_and_every_block_with_dictionaries_merged()
    {
        var random = new Random(5);
        var fs = SegmentFiles.NewFileSystem();
        int[] sizes = [70_000, 40_000, 66_000];
        var sources = new List<Segment>();
        for (int s = 0; s < sizes.Length; s++)
        {
            // zone's dictionary differs between sources (its codes are mapped); host's is the same in all
            // (its chunks are copied).
            int source = s;
            var events = SegmentMergerTests.Generate(random, sizes[s], s)
                .Select((e, i) => new Event(e.App, e.Name, e.TimeUs, e.ReceiptTimeUs, [.. e.Fields, new("zone", i % 3 == 0 ? "shared" : $"z{source}-{i % 4}")]))
                .ToList();
            sources.Add(Segment.Open(fs, SegmentWriter.Write(fs, $"segments/{s}.seg", $"{s}.seg", App, Day, events)));
        }

        var info = SegmentConcatenator.TryConcatenate(fs, "segments/c.seg", "c.seg", App, Day, sources);

        Assert.NotNull(info);
        using var merged = Segment.Open(fs, info);
        Assert.Equal(SegmentFiles.Signatures(sources.SelectMany(SegmentFiles.ReadAll)), SegmentFiles.Signatures(SegmentFiles.ReadAll(merged)));
        Assert.Equal(sources.SelectMany(s => s.Blocks.Select(b => (b.Rows, b.MinTimeUs, b.MaxTimeUs))), merged.Blocks.Select(b => (b.Rows, b.MinTimeUs, b.MaxTimeUs)));
        Assert.Equal((sizes.Sum(), sources.Min(s => s.Info.MinTimeUs), sources.Max(s => s.Info.MaxTimeUs)), (info.Rows, info.MinTimeUs, info.MaxTimeUs));
        Assert.Empty(merged.Verify());

        // Every source has host as a dictionary: one merged dictionary, the union, sorted.
        int host = ColumnOf(merged, "host");
        Assert.Equal(ColumnEncoding.Dictionary, merged.Columns[host].Encoding);
        var union = sources.SelectMany(s => s.Dictionary(ColumnOf(s, "host"))).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(union, merged.Dictionary(host));
        int zone = ColumnOf(merged, "zone");
        var zones = merged.Dictionary(zone).ToList();
        Assert.Equal(1 + (3 * 4), zones.Count);
        // A block's code range is that of its values in the merged dictionary.
        foreach (var block in merged.Blocks)
        {
            foreach (var (column, values) in new[] { (host, union), (zone, zones) })
            {
                string key = merged.Columns[column].Key;
                var codes = merged.Materialize(block)
                    .SelectMany(e => e.Fields.Where(f => f.Key == key).Take(1))
                    .Select(f => (long)values.IndexOf(f.Value.AsString)).ToList();
                var chunk = merged.ChunkOf(block, column)!;
                Assert.Equal((codes.Min(), codes.Max()), (chunk.Min, chunk.Max));
            }
        }

        // mixed is a dictionary in the even sources and plain in the odd one: plain, the codes written out.
        Assert.Equal(ColumnEncoding.Plain, merged.Columns[ColumnOf(merged, "mixed")].Encoding);
        Assert.Equal(ColumnEncoding.Dictionary, sources[0].Columns[ColumnOf(sources[0], "mixed")].Encoding);
        Assert.Equal(ColumnEncoding.Plain, sources[1].Columns[ColumnOf(sources[1], "mixed")].Encoding);
        sources.ForEach(s => s.Dispose());
    }

    [Fact]
    public void Concatenated_log_lines_keep_their_messages_as_references_and_their_term_indexes()
    {
        var fs = SegmentFiles.NewFileSystem();
        var lines = new List<EventBatch>();
        var sources = new List<Segment>();
        for (int s = 0; s < 3; s++)
        {
            var batches = DrainLines.Batches(new Random(s), 40_000, _ => MessageForm.Suffix, hosts: Hosts);
            lines.AddRange(batches);
            sources.Add(Segment.Open(fs, SegmentWriter.Write(fs, $"segments/{s}.seg", $"{s}.seg", App, Day, batches)));
        }

        var info = SegmentConcatenator.TryConcatenate(fs, "segments/c.seg", "c.seg", App, Day, sources);

        Assert.NotNull(info);
        using var merged = Segment.Open(fs, info);
        var events = lines.SelectMany(b => b.ToEvents(new Metronome.Core.Text.StringPool())).ToList();
        Assert.Equal(SegmentFiles.Signatures(events), SegmentFiles.Signatures(SegmentFiles.ReadAll(merged)));
        Assert.Empty(merged.Verify());
        int raw = merged.ColumnsFor("_raw").Single(), message = merged.ColumnsFor("message").Single();
        Assert.Equal(3, merged.Blocks.Count);
        Assert.All(merged.Blocks, block =>
        {
            Assert.Equal(raw, merged.ChunkOf(block, message)!.SuffixOf);
            Assert.Equal(merged.ChunkOf(block, raw)!.Bloom, merged.ChunkOf(block, message)!.Bloom);
            Assert.False(merged.ChunkOf(block, raw)!.Bloom.IsEmpty);
        });

        // A keyword from one line of each source is found through the copied term indexes.
        foreach (int index in new[] { 17, 40_000 + 23, 80_000 + 31 })
        {
            string line = events[index].Get("_raw").AsString;
            string term = line.Split("request_id=")[1][..8]; // a GUID's first group: one term
            var found = merged.Scan(new ScanQuery { App = App, Terms = [term] }).Select(e => e.Get("_raw").AsString).ToList();
            Assert.Contains(line, found);
            Assert.All(found, other => Assert.Contains(term, other, StringComparison.Ordinal));
        }

        sources.ForEach(s => s.Dispose());
    }

    [Fact]
    public void A_sparse_dictionary_column_whose_merged_dictionary_would_be_too_big_becomes_plain()
    {
        // Each source has 16 distinct tags on 20 rows: a dictionary (at most 16 distinct). Together they have
        // 32 on 40 rows, which sealing would store as plain text, and so does concatenation.
        var fs = SegmentFiles.NewFileSystem();
        var sources = new List<Segment>();
        for (int s = 0; s < 2; s++)
        {
            int source = s;
            var events = Lines(20_000, i => $"line {i} of many")
                .Select((e, i) => i % 1_000 != 0 ? e : new Event(App, e.Name, e.TimeUs, e.ReceiptTimeUs, [.. e.Fields, new("tag", $"t{source}-{i / 1_000 % 16}")]))
                .ToList();
            sources.Add(Segment.Open(fs, SegmentWriter.Write(fs, $"segments/{s}.seg", $"{s}.seg", App, Day, events)));
            Assert.Equal(ColumnEncoding.Dictionary, sources[s].Columns[ColumnOf(sources[s], "tag")].Encoding);
        }

        var info = SegmentConcatenator.TryConcatenate(fs, "segments/c.seg", "c.seg", App, Day, sources);

        Assert.NotNull(info);
        using var merged = Segment.Open(fs, info);
        Assert.Equal(ColumnEncoding.Plain, merged.Columns[ColumnOf(merged, "tag")].Encoding);
        Assert.Equal(SegmentFiles.Signatures(sources.SelectMany(SegmentFiles.ReadAll)), SegmentFiles.Signatures(SegmentFiles.ReadAll(merged)));
        Assert.Empty(merged.Verify());
        sources.ForEach(s => s.Dispose());
    }

    [Fact]
    public void A_source_whose_columns_come_in_another_order_keeps_its_references_to_raw()
    {
        // The second source has a key before _raw that the first lacks: its _raw and message are other
        // columns there than in the merged segment, and its message chunks must name the merged _raw.
        var fs = SegmentFiles.NewFileSystem();
        var first = DrainLines.Batches(new Random(1), 30_000, _ => MessageForm.Suffix);
        var second = new List<EventBatch>();
        var writer = new EventBatchWriter();
        for (int i = 0; i < 30_000; i++)
        {
            string msg = $"at=info path=/z/{i} zone=eu-{i % 3}";
            string line = DrainLines.Header(TestEvents.Day0Us + i) + msg;
            writer.BeginEvent(App, "router", TestEvents.Day0Us + i, TestEvents.Day0Us + i, 3);
            writer.WriteField("zone", $"eu-{i % 3}");
            writer.WriteField("_raw", line);
            writer.WriteUtf8SuffixField("message", System.Text.Encoding.UTF8.GetByteCount(line) - msg.Length);
            if (writer.Count == 4_000 || i == 29_999)
            {
                second.Add(writer.ToBatch());
                writer.Clear();
            }
        }

        using var a = Segment.Open(fs, SegmentWriter.Write(fs, "segments/1.seg", "1.seg", App, Day, first));
        using var b = Segment.Open(fs, SegmentWriter.Write(fs, "segments/2.seg", "2.seg", App, Day, second));
        Assert.NotEqual(a.ColumnsFor("_raw").Single(), b.ColumnsFor("_raw").Single());

        var info = SegmentConcatenator.TryConcatenate(fs, "segments/c.seg", "c.seg", App, Day, [a, b]);

        Assert.NotNull(info);
        using var merged = Segment.Open(fs, info);
        int raw = merged.ColumnsFor("_raw").Single(), message = merged.ColumnsFor("message").Single();
        Assert.All(merged.Blocks, block => Assert.Equal(raw, merged.ChunkOf(block, message)!.SuffixOf));
        var expected = first.Concat(second).SelectMany(batch => batch.ToEvents(new Metronome.Core.Text.StringPool()));
        Assert.Equal(SegmentFiles.Signatures(expected), SegmentFiles.Signatures(SegmentFiles.ReadAll(merged)));
        Assert.Empty(merged.Verify());
    }

    [Fact]
    public void Segments_of_small_blocks_are_left_to_the_row_by_row_merge()
    {
        var fs = SegmentFiles.NewFileSystem();
        var random = new Random(2);
        var big = SegmentMergerTests.Generate(random, 40_000, 0);
        var small = SegmentMergerTests.Generate(random, SegmentConcatenator.MinAverageBlockRows - 1, 1);
        using var first = Segment.Open(fs, SegmentWriter.Write(fs, "segments/1.seg", "1.seg", App, Day, big));
        using var second = Segment.Open(fs, SegmentWriter.Write(fs, "segments/2.seg", "2.seg", App, Day, small));

        Assert.Null(SegmentConcatenator.TryConcatenate(fs, "segments/c.seg", "c.seg", App, Day, [first, second]));
        Assert.False(fs.FileExists("segments/c.seg"));
    }

    [Fact]
    public void A_term_indexed_column_that_would_turn_from_dictionary_to_plain_is_left_to_the_row_by_row_merge()
    {
        // Few distinct messages make a dictionary in one source; unique ones are plain in the other. The
        // dictionary chunks have no term index to copy.
        var fs = SegmentFiles.NewFileSystem();
        var repeated = Lines(20_000, i => $"ping {i % 3}");
        var unique = Lines(20_000, i => $"line {i} of many");
        using var first = Segment.Open(fs, SegmentWriter.Write(fs, "segments/1.seg", "1.seg", App, Day, repeated));
        using var second = Segment.Open(fs, SegmentWriter.Write(fs, "segments/2.seg", "2.seg", App, Day, unique));
        Assert.Equal(ColumnEncoding.Dictionary, first.Columns[first.ColumnsFor("message").Single()].Encoding);
        Assert.Equal(ColumnEncoding.Plain, second.Columns[second.ColumnsFor("message").Single()].Encoding);

        Assert.Null(SegmentConcatenator.TryConcatenate(fs, "segments/c.seg", "c.seg", App, Day, [first, second]));
        Assert.False(fs.FileExists("segments/c.seg"));
    }

    [Fact]
    public void Each_source_is_read_once_front_to_back_through_its_sequential_file()
    {
        // The physical file system reads these past the page cache (DirectSequentialFile): every block
        // piece, copied or recoded, must come through them, and nothing more.
        var fs = new SequentialReadCounter(SegmentFiles.NewFileSystem());
        var random = new Random(9);
        var sources = new List<Segment>();
        for (int s = 0; s < 2; s++)
        {
            int source = s;
            var events = SegmentMergerTests.Generate(random, 40_000, s)
                .Select((e, i) => new Event(e.App, e.Name, e.TimeUs, e.ReceiptTimeUs, [.. e.Fields, new("zone", $"z{source}-{i % 4}")]))
                .ToList();
            sources.Add(Segment.Open(fs, SegmentWriter.Write(fs, $"segments/{s}.seg", $"{s}.seg", App, Day, events)));
        }

        var info = SegmentConcatenator.TryConcatenate(fs, "segments/c.seg", "c.seg", App, Day, sources);

        Assert.NotNull(info);
        var pieceBytes = sources.ToDictionary(
            s => EventStore.SegmentPath(s.Info.File),
            s => s.Blocks.SelectMany(b => b.Chunks).SelectMany(c => new[] { c.Presence, c.Values, c.Bloom })
                .Where(p => !p.IsEmpty).DistinctBy(p => p.Offset).Sum(p => (long)p.Length));
        Assert.Equal(pieceBytes, fs.BytesRead);
        Assert.Equal(pieceBytes.Keys.Order(), fs.Opened.Order());
        sources.ForEach(s => s.Dispose());
    }

    [Fact]
    public void A_damaged_chunk_in_a_source_fails_the_concatenation_and_writes_nothing()
    {
        var fs = SegmentFiles.NewFileSystem();
        var lines = Lines(20_000, i => $"line {i} of many");
        var info = SegmentWriter.Write(fs, "segments/1.seg", "1.seg", App, Day, lines);
        using var good = Segment.Open(fs, SegmentWriter.Write(fs, "segments/2.seg", "2.seg", App, Day, lines));
        byte[] bytes = fs.ReadAllBytes("segments/1.seg");
        using (var probe = Segment.Open(fs, info))
        {
            var values = probe.ChunkOf(probe.Blocks[0], probe.ColumnsFor("message").Single())!.Values;
            bytes[values.Offset + (values.Length / 2)] ^= 0x10;
        }

        fs.WriteAtomically("segments/1.seg", bytes);
        using var damaged = Segment.Open(fs, info);

        Assert.Throws<CorruptDataException>(() => SegmentConcatenator.TryConcatenate(fs, "segments/c.seg", "c.seg", App, Day, [damaged, good]));
        Assert.False(fs.FileExists("segments/c.seg"));
    }

    /// <summary>Counts the bytes read through each file opened with <see cref="IFileSystem.OpenSequentialRead"/>.</summary>
    private sealed class SequentialReadCounter(IFileSystem inner) : DelegatingFileSystem(inner)
    {
        public List<string> Opened { get; } = [];

        public Dictionary<string, long> BytesRead { get; } = [];

        public override IReadableFile OpenSequentialRead(string path)
        {
            Opened.Add(path);
            BytesRead[path] = 0;
            return new Counted(Inner.OpenSequentialRead(path), n => BytesRead[path] += n);
        }

        private sealed class Counted(IReadableFile file, Action<int> read) : IReadableFile
        {
            public long Length => file.Length;

            public void Read(long offset, Span<byte> destination)
            {
                file.Read(offset, destination);
                read(destination.Length);
            }

            public void Dispose() => file.Dispose();
        }
    }

    private static int ColumnOf(Segment segment, string key) =>
        Enumerable.Range(0, segment.Columns.Count).Single(c => segment.Columns[c].Key == key && segment.Columns[c].Kind == FieldKind.String);

    private static List<Event> Lines(int count, Func<int, string> message) =>
        [.. Enumerable.Range(0, count).Select(i => new Event(App, "line", TestEvents.Day0Us + i, TestEvents.Day0Us + i, [new("message", message(i)), new("n", (long)i)]))];
}
