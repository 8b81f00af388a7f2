using System.Text;
using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Ingest.Decoding;
using Metronome.Ingest.Syslog;
using Metronome.Ingest.Tests.Heroku;
using Metronome.Ingest.Text;

namespace Metronome.Ingest.Tests.Decoding;

/// <summary>The batch path writes most router lines straight into the batch, skipping the field list. Every
/// line must still encode to the very bytes the field list gives it (same fields, order, kinds, values and
/// count), and a line the direct writer cannot take must be left whole to the field list.</summary>
public class DirectRouterEventTests
{
    private const string Envelope = "<158>1 2022-06-13T14:52:23.622778+00:00 host heroku router - ";

    /// <summary>Router MSGs, and whether the line is written directly under the drain endpoint's tags.</summary>
    public static TheoryData<string, bool> Lines => new()
    {
        { "at=info method=GET path=\"/cart link\" host=a.herokuapp.com request_id=05726858-c44e fwd=\"1.2.3.4\" dyno=web.1 connect=1ms service=22ms status=304 bytes=656 protocol=https tls=true tls_version=tls1.3", true },
        { "at=info status=200 status=404 host=a host=b dyno=web.1 dyno=web.2", true },
        { "at=error code=H10 desc=\"App crashed\" dyno= connect= connect=5ms service= status= status=503 bytes=", true },
        { "at=error code=H12 desc=\"Request \\\"timeout\\\"\" path=\"a\\\\b\" fwd=\"x\\\"y\" request_id=\"r\\\\1\" status=503", true },
        { "sock=client at=warning code=H27 cause=\"bad header\" agent=\"curl/8.0 (x86_64)\" status=499", true },
        { "at=info code=H29 code=H12 status=abc connect=xms service=ms bytes=-5 tls=maybe", true },
        { "at=info code=\"H12\" tls=false tls=true", true },
        { "at=info path=\"/caf\u00E9 \u2603\" host=\u00FCber.example status=200", true },
        { "bare words only, no pairs", true },
        { "", true },
        { "at=info status=200 STATUS=500 Host=b", false },
        { "at=info method=GET path=/ retries=2 ratio=0.5 status=200", false },
        { "at=info message=hijack app=other _raw=x status=200", false },
        { "at=info code=H12 code_description=mine", false },
        { "at=info _drain=forged _FrameId=forged status=200", false },
        { "at=info sample#memory_total=180.43MB status=200", false },
    };

    /// <summary>Drain contexts: the endpoint's tags, none, no source fields, tags named like envelope, parsed
    /// or each other's keys, a tag that is not text, and more fields than a one-byte count holds.</summary>
    private static readonly DrainContext[] Contexts =
    [
        Tagged(("_drain", Drain.Token), ("_frameid", "42-7")),
        Drain.Context,
        Drain.Context with { SourceCategory = "", SourceName = "" },
        Tagged(("at", "tag"), ("_drain", Drain.Token)),
        Tagged(("STATUS", 7L), ("_RAW", "r")),
        Tagged(("Code_Description", "t"), ("retries", true)),
        Tagged(("_drain", "a"), ("_DRAIN", "b")),
        Tagged(("message", "m"), ("_sourcename", "s"), ("proc", 1.5), ("_parseerror", "p")),
        Tagged([.. Enumerable.Range(0, 130).Select(i => ($"tag{i}", (object)$"v{i}"))]),
    ];

    [Theory]
    [MemberData(nameof(Lines))]
    public void A_router_line_encodes_as_the_field_list_encodes_it(string msg, bool direct)
    {
        _ = direct;
        foreach (var context in Contexts)
        {
            AssertSameBatch(Drain.Frame(Envelope + msg), context);
        }
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void Lines_of_documented_keys_only_are_written_directly_and_others_are_left_whole(string msg, bool direct)
    {
        var writer = new EventBatchWriter();
        Assert.Equal(direct, TryWriteDirectly(Envelope + msg, Contexts[0], writer));
        Assert.Equal(direct ? 1 : 0, writer.Count);
        if (!direct)
        {
            Assert.Empty(writer.ToBatch().Data.AsSpan(1).ToArray());
        }
    }

    [Theory]
    [InlineData("<158>1 2022-06-13T14:52:23.622778+00:00 host heroku router - at=info status=200", 0, true)]
    [InlineData("<158>1 2022-99-13T14:52:23.622778+00:00 host heroku router - at=info status=200", 0, false)]
    [InlineData("<158>1 2022-06-13T14:52:23.622778+00:00 host heroku router - at=info status=200", 3, false)]
    [InlineData("<158>1 2022-06-13T14:52:23.622778+00:00 host heroku router - at=info status=200", 6, false)]
    [InlineData("<158>1 2022-06-13T14:52:23.622778+00:00 host heroku router - at=info status=200", 7, false)]
    public void Lines_with_an_invalid_time_or_tags_that_would_replace_a_field_are_left_whole(string message, int context, bool direct) =>
        Assert.Equal(direct, TryWriteDirectly(message, Contexts[context], new EventBatchWriter()));

    [Fact]
    public void Lines_with_invalid_utf8_are_left_whole_and_encode_as_the_field_list_encodes_them()
    {
        foreach (var at in new[] { "?b\"", "?ost heroku" })
        {
            var message = Encoding.UTF8.GetBytes(Envelope.Replace("host heroku", "?ost heroku", StringComparison.Ordinal) + "at=info path=\"/a?b\" status=200");
            message[message.AsSpan().IndexOf(Encoding.ASCII.GetBytes(at))] = 0xFF;
            Assert.False(TryWriteDirectly(message, Contexts[0], new EventBatchWriter()));
            AssertSameBatch([.. Encoding.ASCII.GetBytes($"{message.Length} "), .. message], Contexts[0]);
        }
    }

    [Fact]
    public void Other_envelopes_encode_as_the_field_list_encodes_them()
    {
        string[] messages =
        [
            "<158>1 2022-06-13T14:52:23.622778+00:00 host heroku router msg42 at=info status=200",
            "<158>1 2022-06-13T14:52:23.622778+00:00 - heroku router - at=info status=200",
            "<158>1 - host heroku router - at=info status=200",
            "<158>1 2022-06-13T14:52:23.622778+00:00 host heroku router -",
            "<158>1 2022-06-13T14:52:23.622778+00:00 host heroku router - \uFEFFat=info status=200",
            "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com heroku router ID47 [exampleSDID@32473 iut=\"3\"] at=info status=200",
            "<158>1 2022-06-13T14:52:23.622778+00:00 host heroku Router - at=info status=200",
            "<190>1 2022-06-13T14:52:23.622778+00:00 host app router - at=info status=200",
        ];
        foreach (var context in Contexts)
        {
            AssertSameBatch(string.Concat(messages.Select(Drain.Frame)), context);
        }
    }

    [Fact]
    public void Random_router_lines_and_bodies_encode_as_the_field_list_encodes_them()
    {
        var random = new Random(20261121);
        foreach (var context in Contexts)
        {
            for (int body = 0; body < 20; body++)
            {
                AssertSameBatch(string.Concat(Enumerable.Range(0, 50).Select(_ => Drain.Frame(Envelope + RouterLineFastPathTests.RandomLine(random)))), context);
            }
        }
    }

    [Fact]
    public void Contexts_that_take_turns_on_a_thread_each_get_their_own_source_fields_and_tags()
    {
        // The last two share their tag list, but not their source names, with the first.
        var body = Encoding.UTF8.GetBytes(Drain.Frame(Envelope + "at=info status=200"));
        var contexts = Enumerable.Range(0, 3).Select(i => Tagged(("_frameid", $"f-{i}")) with { SourceName = $"s-{i}" }).ToList();
        contexts.Add(contexts[0] with { SourceName = "s-3" });
        contexts.Add(contexts[0] with { SourceName = "s-0", SourceCategory = "other" });
        foreach (var i in new[] { 0, 1, 0, 2, 2, 1, 3, 0, 4, 0 })
        {
            var writer = new EventBatchWriter();
            LogplexDecoder.Decode(body, contexts[i], writer, []);
            var e = Assert.Single(writer.ToBatch().ToEvents(new Core.Text.StringPool()));
            Assert.Equal((contexts[i].SourceCategory, contexts[i].SourceName, $"f-{(i < 3 ? i : 0)}"), (e.Text(FieldNames.SourceCategory), e.Text(FieldNames.SourceName), e.Text("_frameid")));
            AssertSameBatch(body, contexts[i]);
        }
    }

    private static void AssertSameBatch(string body, DrainContext context) => AssertSameBatch(Encoding.UTF8.GetBytes(body), context);

    private static void AssertSameBatch(byte[] body, DrainContext context)
    {
        var direct = new EventBatchWriter();
        var directErrors = new List<DecodeError>();
        LogplexDecoder.Decode(body, context, direct, directErrors);
        var listed = new EventBatchWriter();
        var listedErrors = new List<DecodeError>();
        var sink = new FieldListBatchSink(listed);
        LogplexDecoder.DecodeFrames(body, isFinalBlock: true, 0, context, ref sink, listedErrors, out _);

        var (expected, actual) = (listed.ToBatch(), direct.ToBatch());
        Assert.True(expected.Data.AsSpan().SequenceEqual(actual.Data), $"the batches differ for {Encoding.UTF8.GetString(body)}");
        Assert.Equal(expected.Entries.ToArray(), actual.Entries.ToArray());
        Assert.Equal(expected.Apps, actual.Apps);
        Assert.Equal(expected.Names, actual.Names);
        Assert.Equal(listedErrors, directErrors);
    }

    private static bool TryWriteDirectly(string message, DrainContext context, EventBatchWriter writer) =>
        TryWriteDirectly(Encoding.UTF8.GetBytes(message), context, writer);

    private static bool TryWriteDirectly(byte[] message, DrainContext context, EventBatchWriter writer)
    {
        Assert.True(SyslogParser.TryParse(message, context.StructuredData, context.ReceiptTimeUs, out var syslog, out _));
        return EventFactory.TryWriteRouterEvent(syslog, syslog.Msg, context, ContextFields.Of(context), writer);
    }

    private static DrainContext Tagged(params (string Key, object Value)[] tags) => Drain.Context with
    {
        Tags = [.. tags.Select(t => KeyValuePair.Create(t.Key, t.Value switch
        {
            long l => FieldValue.From(l),
            double d => FieldValue.From(d),
            bool b => FieldValue.From(b),
            _ => FieldValue.From((string)t.Value),
        }))],
    };

    /// <summary>The batch path as it was before router events were written directly: every event through the
    /// field list.</summary>
    private readonly struct FieldListBatchSink(EventBatchWriter writer) : IEventSink
    {
        public EventBatchWriter? Batch => null;

        public void Add(FieldListBuilder fields, string app, string name, long timeUs, long receiptUs) =>
            fields.WriteTo(writer, app, name, timeUs, receiptUs);
    }
}
