using Metronome.Core.Events;
using Metronome.Storage.Encoding;
using Metronome.Storage.Segments;
using Metronome.Storage.Sketches;
using Metronome.Storage.Tests.Support;

namespace Metronome.Storage.Tests.Segments;

/// <summary>Text columns whose values are nearly all different (request ids, whole log lines) are kept as
/// bytes without lookups, and their term index is built from those bytes.</summary>
public class HighCardinalityTextTests
{
    private const long T0 = TestEvents.Day0Us;

    [Theory]
    [MemberData(nameof(Devices.Both), MemberType = typeof(Devices))]
    public void Distinct_text_is_stored_plain_and_reads_back_with_repeated_and_low_cardinality_columns(DeviceKind kind)
    {
        using var device = TestDevice.Create(kind);
        // "id" is distinct for the first rows (enough to stop looking values up), then repeats; "_raw" is a
        // log line per row; "level" has three values; "mixed" is text on some rows and a number on others.
        var events = Enumerable.Range(0, 9000).Select(i => new Event("shop", "line", T0 + i, T0,
        [
            new("id", i < 5000 ? $"req-{i}-ÿ" : $"req-{i % 100}-ÿ"),
            new(FieldNames.Raw, $"<158>1 host app web.{i % 4} - at=info Status={i} path=\"/ünï/{i * 7}\" ERR_{i % 9}"),
            new("level", (i % 3) switch { 0 => "info", 1 => "warn", _ => "error" }),
            i % 5 == 0 ? new("mixed", (long)i) : new("mixed", $"m{i}"),
        ])).ToList();

        using var segment = SegmentFiles.Reopen(device, SegmentFiles.WriteAndOpen(device, events));

        Assert.Equal(SegmentFiles.Signatures(events), SegmentFiles.Signatures(SegmentFiles.ReadAll(segment)));
        Assert.Equal(ColumnEncoding.Plain, EncodingOf(segment, "id", FieldKind.String));
        Assert.Equal(ColumnEncoding.Plain, EncodingOf(segment, FieldNames.Raw, FieldKind.String));
        Assert.Equal(ColumnEncoding.Dictionary, EncodingOf(segment, "level", FieldKind.String));
        Assert.Empty(segment.Verify());
    }

    [Fact]
    public void The_term_index_of_a_plain_chunk_holds_every_term_of_every_row()
    {
        using var device = TestDevice.Create(DeviceKind.Memory);
        var lines = Enumerable.Range(0, 6000)
            .Select(i => $"at=error code=H{i % 30} desc=\"Request Timeout\" request_id=r{i}x fwd=\"10.0.{i % 256}.1\" Straße_{i % 11} 日本{i % 5}")
            .ToList();
        var events = lines.Select((line, i) => new Event("shop", "line", T0 + i, T0, [new(FieldNames.Raw, line)])).ToList();

        using var segment = SegmentFiles.WriteAndOpen(device, events);

        int column = segment.Columns.ToList().FindIndex(c => c.Key == FieldNames.Raw);
        var chunk = segment.ChunkOf(segment.Blocks[0], column)!;
        var bloom = BloomFilter.Read(segment.ReadChunk(chunk.Bloom));
        foreach (var line in lines)
        {
            Assert.True(TermBloom.MayContainAll(bloom, TermTokenizer.Terms(line)), line);
        }

        // Sized for the distinct terms: terms that are not there are mostly ruled out.
        int falsePositives = Enumerable.Range(0, 2000).Count(i => bloom.MayContain(Hash64.Hash($"absent{i}")));
        Assert.InRange(falsePositives, 0, 60);
    }

    private static ColumnEncoding EncodingOf(Segment segment, string key, FieldKind kind) =>
        segment.Columns.Single(c => c.Key == key && c.Kind == kind).Encoding;
}
