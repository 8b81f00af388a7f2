using System.Text;
using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Ingest;
using Metronome.Server.Drains;
using static Metronome.Server.Tests.Drains.LogplexBodies;

namespace Metronome.Server.Tests.Drains;

/// <summary>A drain request logged in its wire form decodes on replay into the very batch the request
/// stored: same bytes, same index.</summary>
public class LogplexWireCodecTests
{
    private static readonly long ReceiptUs = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1000 + 123;

    public static TheoryData<string, int> Bodies => new()
    {
        { Sample, 0 },
        { Frames(Router, RouterError, Tagged) + "garbage between frames" + Frames(Erlang), 1 },
        { "12 <13>Nov 21 11:00:00 box app: 3164 line\n" + Frames("<14>1 2026-11-21T11:59:59.5-03:00 web-1 app api 42 ID7 [x@1 a=\"b\"] caf\u00e9 \u2603 line"), 2 },
        { Frames(RouterAt("2026-11-21T11:59:59+00:00", 1)) + "999 truncated", 3 },
        { "", 0 },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Replaying_the_wire_form_gives_the_batch_the_request_stored(string text, int contextCase)
    {
        byte[] body = Encoding.UTF8.GetBytes(text);
        var context = Context(contextCase);
        foreach (bool marker in new[] { false, true })
        {
            var (stored, _, marked) = LogplexRequestDecoder.Decode(body, context, new EventBatchWriter(), [], _ => marker);
            var wire = LogplexWireCodec.Of(context, marked, body);

            Assert.NotNull(wire);
            Assert.Equal(LogplexWireCodec.CodecName, wire.Value.Codec);
            var replayed = new LogplexWireCodec().Decode(wire.Value.Context.Span, wire.Value.Body.Span);

            Assert.Equal(stored.Encoded.ToArray(), replayed.Encoded.ToArray());
            Assert.Equal(stored.Entries.ToArray(), replayed.Entries.ToArray());
            Assert.Equal(stored.Apps, replayed.Apps);
            Assert.Equal(stored.Names, replayed.Names);
            Assert.Equal(marked && stored.Count > 0, stored.Names.Contains(FrameMarker.EventName));
        }
    }

    [Fact]
    public void The_wire_form_is_a_fraction_of_the_batch_for_router_lines()
    {
        byte[] body = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 300).Select(i => Frame(RouterAt("2026-11-21T11:59:59+00:00", i)))));
        var context = Context(1);
        var (stored, decoded, _) = LogplexRequestDecoder.Decode(body, context, new EventBatchWriter(), [], _ => false);
        var wire = LogplexWireCodec.Of(context, false, body)!.Value;

        Assert.Equal(300, decoded);
        int wireBytes = wire.Context.Length + wire.Body.Length;
        Assert.True(wireBytes * 2 < stored.Data.Length, $"wire {wireBytes} bytes, batch {stored.Data.Length}");
    }

    [Fact]
    public void A_context_with_a_tag_that_is_not_text_has_no_wire_form()
    {
        var context = Context(0) with { Tags = [KeyValuePair.Create("n", FieldValue.From(5L))] };

        Assert.Null(LogplexWireCodec.Of(context, false, Encoding.UTF8.GetBytes(Sample)));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 9 })]
    [InlineData(new byte[] { 1, 200 })]
    [InlineData(new byte[] { 1, 3, 97, 98 })]
    public void A_damaged_context_is_refused_as_invalid_data(byte[] context)
    {
        Assert.Throws<InvalidDataException>(() => new LogplexWireCodec().Decode(context, Encoding.UTF8.GetBytes(Sample)));
    }

    private static DrainContext Context(int variant) => variant switch
    {
        0 => new DrainContext("logs", ReceiptUs) { SourceName = Token, Tags = [KeyValuePair.Create(DrainFieldNames.Drain, FieldValue.From(Token))] },
        1 => new DrainContext("logs", ReceiptUs)
        {
            SourceCategory = "prod/web",
            SourceName = "renamed",
            Tags = [KeyValuePair.Create(DrainFieldNames.Drain, FieldValue.From(Token)), KeyValuePair.Create(DrainFieldNames.FrameId, FieldValue.From("1700000000-1"))],
        },
        2 => new DrainContext("l\u00f6gs", -ReceiptUs) { StructuredData = StructuredDataMode.Present, Tags = [KeyValuePair.Create("_note", FieldValue.From("\u2603"))] },
        _ => new DrainContext("logs", 0) { SourceCategory = "", StructuredData = StructuredDataMode.Absent },
    };
}
