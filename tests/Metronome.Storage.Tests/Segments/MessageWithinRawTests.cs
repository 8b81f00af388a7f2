using System.Buffers;
using System.Buffers.Binary;
using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Core.Text;
using Metronome.Storage.Encoding;
using Metronome.Storage.Io;
using Metronome.Storage.Segments;
using Metronome.Storage.Tests.Support;

namespace Metronome.Storage.Tests.Segments;

/// <summary>A block whose every message is the end of its row's _raw stores the message chunk as where each
/// starts within _raw (<see cref="ColumnChunk.SuffixOf"/>); every other block keeps its text. Either way the
/// events read back unchanged, through sealing and merging.</summary>
public sealed class MessageWithinRawTests
{
    private const string App = "shop";
    private const string Day = "2026-01-01";
    private static readonly string[] Hosts = ["host", "hôst-ü", "日本-host", "h"];

    [Theory]
    [InlineData("every message within raw")]
    [InlineData("some without message, some empty")]
    [InlineData("one not within raw")]
    [InlineData("one without raw")]
    [InlineData("written as text")]
    public void Sealing_stores_a_block_whose_every_message_ends_its_raw_as_references(string mix)
    {
        Func<int, MessageForm> form = mix switch
        {
            "every message within raw" => _ => MessageForm.Suffix,
            "some without message, some empty" => i => i % 7 == 3 ? MessageForm.None : i % 11 == 5 ? MessageForm.Empty : MessageForm.Suffix,
            "one not within raw" => i => i == 5_000 ? MessageForm.Other : MessageForm.Suffix,
            "one without raw" => i => i == 17 ? MessageForm.NoRaw : MessageForm.Suffix,
            _ => _ => MessageForm.SuffixAsText,
        };
        var fs = SegmentFiles.NewFileSystem();
        var batches = DrainLines.Batches(new Random(mix.Length), 70_000, form, hosts: Hosts, markForm: true);

        using var segment = Segment.Open(fs, SegmentWriter.Write(fs, "segments/1.seg", "1.seg", App, Day, batches));

        Assert.Equal(Signatures(batches), SegmentFiles.Signatures(SegmentFiles.ReadAll(segment)));
        Assert.Empty(segment.Verify());
        Assert.True(segment.Blocks.Count >= 2);
        var references = AssertReferencesWhereExpected(segment, mergeComparesText: false);
        Assert.Equal(mix switch
        {
            "written as text" => 0,
            "one not within raw" or "one without raw" => segment.Blocks.Count - 1,
            _ => segment.Blocks.Count,
        }, references);
    }

    [Fact]
    public void Merging_keeps_references_where_every_row_has_one_and_writes_what_sealing_all_batches_did()
    {
        var fs = SegmentFiles.NewFileSystem();
        // One source whose messages all end their _raw, one with some that do not (or are missing or
        // empty), and one where some lines have no _raw.
        var forms = new Func<int, MessageForm>[]
        {
            _ => MessageForm.Suffix,
            i => i % 5_000 == 7 ? MessageForm.Other : i % 13 == 1 ? MessageForm.None : i % 17 == 2 ? MessageForm.Empty : MessageForm.Suffix,
            i => i % 1_000 == 9 ? MessageForm.NoRaw : MessageForm.Suffix,
        };
        int[] sizes = [70_000, 20_000, 5_000];
        var all = new List<EventBatch>();
        var sources = new List<Segment>();
        for (int s = 0; s < sizes.Length; s++)
        {
            var batches = DrainLines.Batches(new Random(s), sizes[s], forms[s], hosts: Hosts, markForm: true);
            all.AddRange(batches);
            sources.Add(Segment.Open(fs, SegmentWriter.Write(fs, $"segments/{s}.seg", $"{s}.seg", App, Day, batches)));
        }

        var sealedAtOnce = SegmentWriter.Write(fs, "segments/a.seg", "a.seg", App, Day, all);
        var merged = SegmentMerger.Merge(fs, "segments/b.seg", "b.seg", App, Day, sources);

        Assert.Equal(fs.ReadAllBytes("segments/a.seg"), fs.ReadAllBytes("segments/b.seg"));
        using var segment = Segment.Open(fs, merged);
        Assert.Equal(Signatures(all), SegmentFiles.Signatures(SegmentFiles.ReadAll(segment)));
        Assert.Empty(segment.Verify());
        int references = AssertReferencesWhereExpected(segment, mergeComparesText: true);
        Assert.InRange(references, 0, segment.Blocks.Count - 1);
        sources.ForEach(s => s.Dispose());
    }

    [Fact]
    public void Merging_a_source_of_references_with_one_of_messages_written_as_text_finds_those_within_raw()
    {
        var fs = SegmentFiles.NewFileSystem();
        var marked = DrainLines.Batches(new Random(1), 40_000, _ => MessageForm.Suffix, hosts: Hosts);
        var unmarked = DrainLines.Batches(new Random(2), 40_000, i => i % 9 == 0 ? MessageForm.None : MessageForm.SuffixAsText, hosts: Hosts);
        using var first = Segment.Open(fs, SegmentWriter.Write(fs, "segments/1.seg", "1.seg", App, Day, marked));
        using var second = Segment.Open(fs, SegmentWriter.Write(fs, "segments/2.seg", "2.seg", App, Day, unmarked));
        Assert.All(second.Blocks, b => Assert.All(b.Chunks, c => Assert.Equal(-1, c.SuffixOf)));

        using var merged = Segment.Open(fs, SegmentMerger.Merge(fs, "segments/m.seg", "m.seg", App, Day, [first, second]));

        Assert.Equal(Signatures([.. marked, .. unmarked]), SegmentFiles.Signatures(SegmentFiles.ReadAll(merged)));
        Assert.Empty(merged.Verify());
        int raw = merged.ColumnsFor("_raw").Single(), message = merged.ColumnsFor("message").Single();
        Assert.All(merged.Blocks, b => Assert.Equal(raw, merged.ChunkOf(b, message)!.SuffixOf));
    }

    [Fact]
    public void A_version_1_segment_reads_back_and_merges_into_references()
    {
        // Written by the writer before chunks could refer to _raw (commit 9bd138f) from the lines below:
        // its message chunks hold their text and share _raw's term index.
        var fs = SegmentFiles.NewFileSystem();
        byte[] bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Segments", "Fixtures", "version1-drain-lines.seg"));
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4)));
        fs.WriteAtomically("segments/1.seg", bytes);
        var lines = DrainLines.Batches(new Random(1), 60, i => i % 25 == 7 ? MessageForm.None : i % 31 == 3 ? MessageForm.Empty : MessageForm.Suffix);
        using var old = Segment.Open(fs, new Manifest.SegmentInfo("1.seg", App, Day, 60, 0, 0, bytes.Length));

        Assert.Equal(Signatures(lines), SegmentFiles.Signatures(SegmentFiles.ReadAll(old)));
        Assert.Empty(old.Verify());
        Assert.All(old.Blocks, b => Assert.All(b.Chunks, c => Assert.Equal(-1, c.SuffixOf)));

        var newer = DrainLines.Batches(new Random(3), 3_000, _ => MessageForm.Suffix);
        using var recent = Segment.Open(fs, SegmentWriter.Write(fs, "segments/2.seg", "2.seg", App, Day, newer));
        using var merged = Segment.Open(fs, SegmentMerger.Merge(fs, "segments/m.seg", "m.seg", App, Day, [old, recent]));

        Assert.Equal(Signatures([.. lines, .. newer]), SegmentFiles.Signatures(SegmentFiles.ReadAll(merged)));
        Assert.Empty(merged.Verify());
        int raw = merged.ColumnsFor("_raw").Single(), message = merged.ColumnsFor("message").Single();
        Assert.Equal(raw, merged.ChunkOf(Assert.Single(merged.Blocks), message)!.SuffixOf);
    }

    [Fact]
    public void Storing_messages_as_references_saves_about_their_bytes()
    {
        // The same lines, their message written as the end of _raw or as text of its own (stored in full).
        const int Rows = 50_000;
        var fs = SegmentFiles.NewFileSystem();
        var asText = DrainLines.Batches(new Random(4), Rows, _ => MessageForm.SuffixAsText, hosts: Hosts);
        var withinRaw = DrainLines.Batches(new Random(4), Rows, _ => MessageForm.Suffix, hosts: Hosts);
        long messageBytes = asText.SelectMany(b => b.ToEvents(new StringPool())).Sum(e => (long)System.Text.Encoding.UTF8.GetByteCount(e.Get("message").AsString));

        using var full = Segment.Open(fs, SegmentWriter.Write(fs, "segments/1.seg", "1.seg", App, Day, asText));
        using var referenced = Segment.Open(fs, SegmentWriter.Write(fs, "segments/2.seg", "2.seg", App, Day, withinRaw));

        // Text in full also has a term index of its own (the batches did not say it is within _raw).
        int message = full.ColumnsFor("message").Single();
        long ownTermIndexes = full.Blocks.Sum(b => (long)full.ChunkOf(b, message)!.Bloom.Length);
        long saved = full.Info.Bytes - ownTermIndexes - referenced.Info.Bytes;
        Console.WriteLine($"full {full.Info.Bytes}, referenced {referenced.Info.Bytes}, own term indexes {ownTermIndexes}, messages {messageBytes}, saved {saved}");
        Assert.InRange(saved, messageBytes, messageBytes + (2L * Rows));
        // Where each starts: a few bits per row (the headers differ by their host).
        Assert.InRange(referenced.Blocks.Sum(b => (long)referenced.ChunkOf(b, message)!.Values.Length), 1, Rows);
        Assert.Equal(SegmentFiles.Signatures(SegmentFiles.ReadAll(full)), SegmentFiles.Signatures(SegmentFiles.ReadAll(referenced)));
    }

    [Theory]
    [InlineData(1, 4)] // refers to a dictionary column
    [InlineData(3, 3)] // refers to itself
    [InlineData(3, 7)] // refers to a column without a chunk in the block
    public void A_footer_storing_text_as_the_end_of_a_column_without_text_is_corrupt(int chunk, int suffixOf)
    {
        ColumnDescriptor[] columns =
        [
            new("_messagetime", FieldKind.Long, ColumnEncoding.Integer),
            new("_receipttime", FieldKind.Long, ColumnEncoding.Integer),
            new("name", FieldKind.String, ColumnEncoding.Dictionary),
            new("_raw", FieldKind.String, ColumnEncoding.Plain),
            new("message", FieldKind.String, ColumnEncoding.Plain),
            new("host", FieldKind.String, ColumnEncoding.Dictionary),
            new("path", FieldKind.String, ColumnEncoding.Plain),
            new("query", FieldKind.String, ColumnEncoding.Plain),
        ];
        var chunks = Enumerable.Range(0, 7).Select(c => new ColumnChunk(c, 10, default, new ChunkRef(100 * c, 10, 0), 0, 0, default)).ToList();
        var footer = new ArrayBufferWriter<byte>();
        SegmentFooter.Write(footer, App, Day, columns, [new BlockDescriptor(10, 0, 0, [.. chunks])]);
        Assert.Equal(-1, SegmentFooter.Read(footer.WrittenSpan).Blocks[0].Chunks[4].SuffixOf);

        chunks[4] = chunks[4] with { SuffixOf = 3 };
        footer.Clear();
        SegmentFooter.Write(footer, App, Day, columns, [new BlockDescriptor(10, 0, 0, [.. chunks])]);
        Assert.Equal(3, SegmentFooter.Read(footer.WrittenSpan).Blocks[0].Chunks[4].SuffixOf);

        chunks[chunk] = chunks[chunk] with { SuffixOf = suffixOf };
        footer.Clear();
        SegmentFooter.Write(footer, App, Day, columns, [new BlockDescriptor(10, 0, 0, [.. chunks])]);
        Assert.Throws<CorruptDataException>(() => SegmentFooter.Read(footer.WrittenSpan));
    }

    /// <summary>Checks every block: its message chunk is stored as references to _raw exactly when every row
    /// with a message has a _raw it ends (as the batches said, or, in a merge, as the bytes show); returns
    /// how many blocks are.</summary>
    private static int AssertReferencesWhereExpected(Segment segment, bool mergeComparesText)
    {
        int raw = segment.ColumnsFor("_raw").Single(), message = segment.ColumnsFor("message").Single();
        int references = 0;
        foreach (var block in segment.Blocks)
        {
            bool expected = segment.Materialize(block).Where(e => !e.Get("message").IsNull).All(e => e.Get("form").AsString switch
            {
                nameof(MessageForm.Suffix) or nameof(MessageForm.Empty) => true,
                nameof(MessageForm.SuffixAsText) => mergeComparesText,
                _ => false,
            });
            Assert.Equal(expected ? raw : -1, segment.ChunkOf(block, message)!.SuffixOf);
            references += expected ? 1 : 0;
        }

        return references;
    }

    private static List<string> Signatures(IEnumerable<EventBatch> batches) =>
        SegmentFiles.Signatures(batches.SelectMany(b => b.ToEvents(new StringPool())));
}
