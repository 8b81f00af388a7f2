using System.Globalization;
using System.Text;
using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Core.Text;

namespace Metronome.Ingest.Tests.Decoding;

/// <summary>The server decodes drains straight into an <see cref="EventBatchWriter"/>; the object path
/// (imports, listeners) makes <see cref="Event"/>s. Both must store the same events: same names, times,
/// fields in the same order, with the same kinds and values.</summary>
public class BatchPathTests
{
    /// <summary>The reference's line families and edge cases: router (quoted, empty, escaped values, an error
    /// code), metrics, dyno, API, Logplex, app JSON, @[tag], logfmt, a BOM, STRUCTURED-DATA, invalid UTF-8, a
    /// reserved key in the body, a bad timestamp, not syslog at all, and unframeable bytes.</summary>
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(string.Concat(new[]
    {
        "<158>1 2022-06-13T14:52:23.622778+00:00 host heroku router - at=info method=GET path=\"/cart link\" host=a.herokuapp.com request_id=05726858-c44e fwd=\"1.2.3.4\" dyno=web.1 connect=1ms service=22ms status=304 bytes=656 protocol=https tls=true\n",
        "<158>1 2022-06-13T14:52:23+00:00 host heroku router - at=error code=H12 desc=\"Request \\\"timeout\\\"\" method=GET path=\"/\" host=x fwd=17.17.17.17 dyno= connect= service=30001ms status=503 bytes=\n",
        "<45>1 2022-06-13T14:52:24+00:00 host heroku web.1 - source=web.1 dyno=heroku.1.a sample#memory_total=180.43MB sample#load_avg_1m=0.00\n",
        "<45>1 2022-06-13T14:52:22+00:00 host heroku web.1 - State changed from starting to up\n",
        "<134>1 2022-06-13T14:52:21+00:00 host app api - Deploy 3f2a1bc by user jane@example.com\n",
        "<190>1 2022-06-13T14:52:23.5+00:00 host app web.1 - @[production.login] {\"uid\":123,\"name\":\"Zoë\"}\n",
        "<190>1 2022-06-13T14:52:23.5+00:00 host app web.1 - {\"level\":\"info\",\"ms\":1.5,\"ok\":true}\n",
        "<190>1 2022-06-13T14:52:23.5+00:00 host app web.1 - level=warn message=hijack _raw=x took=12\n",
        "<190>1 2022-06-13T14:52:23.5+00:00 host app web.1 - \uFEFFplain text with ünïcode\n",
        "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\"] An application event\n",
        "<190>1 2022-06-13T14:52:23.5+00:00 host app web.1 - @[broken] {not json\n",
        "<190>1 2022-99-13T14:52:23.5+00:00 host app web.1 - bad time\n",
        "hello, not syslog\n",
    }.Select(Drain.Frame)) + "garbage between frames ")
        .Concat(Drain.Frame("<190>1 2022-06-13T14:52:23.5+00:00 host app web.1 - invalid \u0001 X\n").Select(c => (byte)c))
        .Concat(Encoding.UTF8.GetBytes(Drain.Frame("<190>1 2022-06-13T14:52:23.5+00:00 host app web.1 - tail")))
        .ToArray();

    [Fact]
    public void The_batch_path_stores_the_same_events_as_the_object_path()
    {
        var context = Drain.Context with { Tags = [KeyValuePair.Create("_drain", FieldValue.From(Drain.Token)), KeyValuePair.Create("_frameid", FieldValue.From("f-1"))] };
        var objects = new List<Event>();
        var objectErrors = new List<DecodeError>();
        int objectMessages = LogplexDecoder.Decode(Body, context, objects, objectErrors);

        var writer = new EventBatchWriter();
        var batchErrors = new List<DecodeError>();
        int batchMessages = LogplexDecoder.Decode(Body, context, writer, batchErrors);
        var stored = writer.ToBatch().ToEvents(new StringPool());

        Assert.Equal(objectMessages, batchMessages);
        Assert.Equal(objectErrors, batchErrors);
        Assert.True(objects.Count >= 14, $"{objects.Count} events");
        Assert.Equal(objects.Select(Render), stored.Select(Render));
    }

    [Fact]
    public void A_router_line_is_stored_with_its_typed_fields_and_raw_bytes()
    {
        const string message = "<158>1 2022-06-13T14:52:23.622778+00:00 host heroku router - at=info method=GET path=\"/a b\" host=h request_id=r-1 fwd=\"1.2.3.4\" dyno=web.1 connect=1ms service=22ms status=304 bytes=656 protocol=https";
        var writer = new EventBatchWriter();
        LogplexDecoder.Decode(Encoding.UTF8.GetBytes(Drain.Frame(message)), Drain.Context, writer, []);

        var e = Assert.Single(writer.ToBatch().ToEvents(new StringPool()));

        Assert.Equal(EventNames.Router, e.Name);
        Assert.Equal(Drain.Micros("2022-06-13T14:52:23.622778Z"), e.TimeUs);
        Assert.Equal(message, e.Text(FieldNames.Raw));
        Assert.Equal(message[(message.IndexOf(" - ", StringComparison.Ordinal) + 3)..], e.Text(FieldNames.Message));
        Assert.Equal("/a b", e.Text("path"));
        Assert.Equal("r-1", e.Text("request_id"));
        Assert.Equal("1.2.3.4", e.Text("fwd"));
        Assert.Equal(22, e.Long("service"));
        Assert.Equal(304, e.Long("status"));
        Assert.Equal(Drain.Token, e.Text(FieldNames.SourceName));
    }

    [Fact]
    public void A_line_s_message_is_stored_once_as_the_end_of_its_raw_bytes()
    {
        // Plain app text: no field is parsed out of it, so the marker can only be in message or _raw.
        const string body = "Completed the unique-marker-4711 job in 3 seconds";
        const string message = "<190>1 2022-06-13T14:52:23.622778+00:00 host app worker.1 - " + body;
        var writer = new EventBatchWriter();
        LogplexDecoder.Decode(Encoding.UTF8.GetBytes(Drain.Frame(message)), Drain.Context, writer, []);
        var batch = writer.ToBatch();

        var marker = Encoding.UTF8.GetBytes("unique-marker-4711");
        int first = batch.Data.AsSpan().IndexOf(marker);
        Assert.True(first >= 0);
        Assert.True(batch.Data.AsSpan(first + 1).IndexOf(marker) < 0, "the message's bytes are in the batch twice");
        var e = Assert.Single(batch.ToEvents(new StringPool()));
        Assert.Equal(body, e.Text(FieldNames.Message));
        Assert.Equal(message, e.Text(FieldNames.Raw));
    }

    [Fact]
    public void Invalid_utf8_is_stored_with_replacement_characters_on_both_paths()
    {
        var body = Encoding.UTF8.GetBytes(Drain.Frame("<190>1 2022-06-13T14:52:23.5+00:00 host app web.1 - a?b")).ToArray();
        body[^2] = 0xFF; // the '?' becomes a byte that is never UTF-8
        var writer = new EventBatchWriter();
        LogplexDecoder.Decode(body, Drain.Context, writer, []);

        var e = Assert.Single(writer.ToBatch().ToEvents(new StringPool()));

        Assert.Equal("a\uFFFDb", e.Text(FieldNames.Message));
        Assert.EndsWith(" - a\uFFFDb", e.Text(FieldNames.Raw), StringComparison.Ordinal);
    }

    [Fact]
    public void Router_values_cut_from_a_message_with_invalid_utf8_match_the_object_path()
    {
        // Router text values refer to MSG's bytes and skip their own UTF-8 check when MSG is valid: here it
        // is not, so each value is checked (path has the bad byte, host a valid "é").
        var body = Encoding.UTF8.GetBytes(Drain.Frame("<158>1 2022-06-13T14:52:23+00:00 host heroku router - at=info method=GET path=\"/a?b\" host=caf\u00E9.example dyno=web.1 status=200")).ToArray();
        body[body.AsSpan().IndexOf("?b"u8)] = 0xFF;
        var context = Drain.Context with { Tags = [KeyValuePair.Create("_drain", FieldValue.From(Drain.Token))] };
        var objects = new List<Event>();
        LogplexDecoder.Decode(body, context, objects, []);
        var writer = new EventBatchWriter();
        LogplexDecoder.Decode(body, context, writer, []);

        var e = Assert.Single(writer.ToBatch().ToEvents(new StringPool()));

        Assert.Equal("/a\uFFFDb", e.Text("path"));
        Assert.Equal("caf\u00E9.example", e.Text("host"));
        Assert.Equal("web.1", e.Text("dyno"));
        Assert.Equal(objects.Select(Render), [Render(e)]);
    }

    private static string Render(Event e) =>
        $"{e.App}|{e.Name}|{e.TimeUs}|{e.ReceiptTimeUs}|" + string.Join("|", e.Fields.Select(f => $"{f.Key}:{f.Value.Kind}:{Value(f.Value)}"));

    private static string Value(FieldValue value) => value.Kind switch
    {
        FieldKind.String => value.AsString,
        FieldKind.Long => value.AsLong.ToString(CultureInfo.InvariantCulture),
        FieldKind.Double => value.AsDouble.ToString("R", CultureInfo.InvariantCulture),
        FieldKind.Bool => value.AsBool ? "true" : "false",
        _ => "",
    };
}
