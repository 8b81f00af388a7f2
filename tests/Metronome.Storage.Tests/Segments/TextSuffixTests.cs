using System.Text;
using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Core.Text;
using Metronome.Storage.Io;
using Metronome.Storage.Segments;
using Metronome.Storage.Tail;

namespace Metronome.Storage.Tests.Segments;

/// <summary>A text field written as the end of the event's previous text (a log line's <c>message</c> and
/// <c>_raw</c>) is stored once in the batch and read back as an ordinary string everywhere.</summary>
public sealed class TextSuffixTests
{
    private const long T0 = 1_767_225_600_000_000;
    private const string Raw = "<158>1 2026-01-01T00:00:00Z host app web.1 - at=info ünï status=200";
    private static readonly int MessageAt = System.Text.Encoding.UTF8.GetByteCount(Raw[..(Raw.IndexOf(" - ", StringComparison.Ordinal) + 3)]);

    [Fact]
    public void A_suffix_field_reads_back_as_the_end_of_the_previous_text_on_every_path()
    {
        var batch = Batch();
        string message = Raw[(Raw.IndexOf(" - ", StringComparison.Ordinal) + 3)..];

        // The bytes of each event's message are in the batch once (in its _raw).
        Assert.Equal(batch.Count, batch.Data.AsSpan().Count(System.Text.Encoding.UTF8.GetBytes(message)));

        // The object decoder.
        var events = batch.ToEvents(new StringPool());
        Assert.Equal([Raw, message, "x"], events[0].Fields.Where(f => f.Value.Kind == FieldKind.String).Select(f => f.Value.AsString));
        Assert.Equal(message, events[1].Get("message").AsString);

        // The in-place reader, and the index a replayed batch rebuilds with it.
        var reader = new EventBatchReader(batch.Data, batch.Entries[0].Offset);
        reader.ReadHeader(out _, out _, out _, out _, out int fieldCount);
        Assert.Equal(4, fieldCount);
        reader.ReadField(out _, out _, out _);
        Assert.Equal(FieldKind.String, reader.ReadField(out var key, out var text, out _));
        Assert.Equal("message", System.Text.Encoding.UTF8.GetString(key));
        Assert.Equal(message, System.Text.Encoding.UTF8.GetString(text));
        Assert.Equal(2, EventBatch.FromEncoded(batch.Data, new StringPool()).Count);

        // Sealing.
        var fs = new MemoryFileSystem();
        fs.CreateDirectory("segments");
        var partition = TailPartitioner.Partition([batch]).Single();
        using var segment = Segment.Open(fs, SegmentWriter.Write(fs, "segments/1.seg", "1.seg", "a", "2026-01-01", partition.Rows, [batch.Data]));
        var sealedEvents = segment.Blocks.SelectMany(segment.Materialize).ToList();
        Assert.All(sealedEvents, e => Assert.Equal(message, e.Get("message").AsString));
        Assert.All(sealedEvents, e => Assert.Equal(Raw, e.Get("_raw").AsString));
    }

    [Theory]
    [MemberData(nameof(Support.Devices.Both), MemberType = typeof(Support.Devices))]
    public async Task Suffix_fields_come_back_from_the_log_after_a_restart_and_from_segments_after_a_seal(Support.DeviceKind kind)
    {
        using var device = Support.TestDevice.Create(kind);
        string message = Raw[(Raw.IndexOf(" - ", StringComparison.Ordinal) + 3)..];
        await using (var store = Support.TestStores.Open(device.FileSystem))
        {
            await store.AppendAsync(Batch());
        }

        // Not sealed on close: the events come back by replaying the log.
        await using (var reopened = Support.TestStores.Open(device.FileSystem))
        {
            Assert.Equal(2, reopened.GetStatistics().TailEvents);
            var replayed = reopened.Scan(new Metronome.Storage.Scanning.ScanQuery { App = "a" }).ToList();
            Assert.All(replayed, e => Assert.Equal(message, e.Get("message").AsString));
            Assert.All(replayed, e => Assert.Equal(Raw, e.Get("_raw").AsString));

            reopened.RunMaintenance(force: true);
            Assert.Equal(0, reopened.GetStatistics().TailEvents);
            var sealedEvents = reopened.Scan(new Metronome.Storage.Scanning.ScanQuery { App = "a" }).ToList();
            Assert.Equal(2, sealedEvents.Count);
            Assert.All(sealedEvents, e => Assert.Equal(message, e.Get("message").AsString));
        }
    }

    [Fact]
    public void A_suffix_needs_text_just_before_it_in_the_same_event()
    {
        var writer = new EventBatchWriter();
        writer.BeginEvent("a", "line", T0, T0, 2);
        Assert.Throws<InvalidOperationException>(() => writer.WriteUtf8SuffixField("message", 0));
        writer.WriteField("n", 5L);
        Assert.Throws<InvalidOperationException>(() => writer.WriteUtf8SuffixField("message", 0));
        writer.WriteUtf8Field("t", "abc"u8);
        Assert.Throws<InvalidOperationException>(() => writer.WriteUtf8SuffixField("message", 4));
    }

    [Fact]
    public void A_suffix_without_text_before_it_in_its_event_is_corrupt_data()
    {
        var batch = Batch();
        var data = (byte[])batch.Data.Clone();
        // The second event's first field becomes a suffix: its event has no text before it.
        var reader = new EventBatchReader(data, batch.Entries[1].Offset);
        reader.ReadHeader(out _, out _, out _, out _, out _);
        int keyAt = reader.Offset;
        data[keyAt + 1 + data[keyAt]] = BatchPrimitives.SuffixOfPreviousText;

        Assert.Throws<InvalidDataException>(() => EventBatch.FromEncoded(data, new StringPool()));
        Assert.Throws<InvalidDataException>(() => EventBatchDecoder.Read(data, new StringPool()));
    }

    [Fact]
    public void A_suffix_after_a_number_is_corrupt_data_for_it_refers_to_the_field_just_before_it()
    {
        var writer = new EventBatchWriter();
        writer.BeginEvent("a", "line", T0, T0, 3);
        writer.WriteUtf8Field("_raw", "abc def"u8);
        writer.WriteField("n", 1L);
        writer.WriteField("m", 2L);
        var data = writer.ToBatch().Data;
        // The last field ("m", a long: zigzag 2 = 4) becomes a suffix of 4 bytes of "abc def".
        data[^2] = BatchPrimitives.SuffixOfPreviousText;

        Assert.Throws<InvalidDataException>(() => EventBatch.FromEncoded(data, new StringPool()));
        Assert.Throws<InvalidDataException>(() => EventBatchDecoder.Read(data, new StringPool()));
    }

    [Theory]
    [InlineData("<1>1 - host app web.1 - at=info code=H12 Timeout", 24, true)] // after "- ": the same terms
    [InlineData("<1>1 - host app web.1 - at=info code=H12 Timeout", 25, false)] // "t=info ...": a cut term
    public void Message_chunks_share_the_term_index_of_raw_only_when_cut_between_terms(string raw, int skip, bool shared)
    {
        // Distinct lines, so both columns are plain text with a term index.
        var writer = new EventBatchWriter();
        for (int i = 0; i < 40; i++)
        {
            writer.BeginEvent("a", "line", T0 + i, T0, 2);
            writer.WriteUtf8Field("_raw", System.Text.Encoding.UTF8.GetBytes(raw + " n" + i));
            writer.WriteUtf8SuffixField("message", skip);
        }

        var batch = writer.ToBatch();
        var fs = new MemoryFileSystem();
        fs.CreateDirectory("segments");
        var partition = TailPartitioner.Partition([batch]).Single();
        using var segment = Segment.Open(fs, SegmentWriter.Write(fs, "segments/1.seg", "1.seg", "a", "2026-01-01", partition.Rows, [batch.Data]));

        var rawChunk = ChunkOf(segment, "_raw");
        var messageChunk = ChunkOf(segment, "message");
        Assert.False(rawChunk.Bloom.IsEmpty);
        Assert.False(messageChunk.Bloom.IsEmpty);
        Assert.Equal(shared, rawChunk.Bloom == messageChunk.Bloom);
        var messageBloom = Metronome.Storage.Sketches.BloomFilter.Read(segment.ReadChunk(messageChunk.Bloom));
        Assert.True(TermBloom.MayContainAll(messageBloom, Metronome.Storage.Encoding.TermTokenizer.Terms(raw[skip..] + " n39")));
        Assert.Empty(segment.Verify());
    }

    private static ColumnChunk ChunkOf(Segment segment, string key) =>
        segment.ChunkOf(segment.Blocks[0], segment.Columns.ToList().FindIndex(c => c.Key == key))!;

    private static EventBatch Batch()
    {
        var writer = new EventBatchWriter();
        for (int i = 0; i < 2; i++)
        {
            writer.BeginEvent("a", "line", T0 + i, T0, 4);
            writer.WriteUtf8Field("_raw", System.Text.Encoding.UTF8.GetBytes(Raw));
            writer.WriteUtf8SuffixField("message", MessageAt);
            writer.WriteField("n", (long)i);
            writer.WriteUtf8Field("t", "x"u8);
        }

        return writer.ToBatch();
    }
}
