using System.Text;
using Metronome.Core.Events;
using Metronome.Ingest.Framing;

namespace Metronome.Ingest.Tests.Decoding;

public class LogplexDecoderTests
{
    private static readonly string[] Frames =
    [
        "<158>1 2022-06-13T14:52:23.622778+00:00 host heroku router - at=info method=GET path=\"/\" host=a.herokuapp.com request_id=1 fwd=\"1.2.3.4\" dyno=web.1 connect=1ms service=5ms status=200 bytes=10 protocol=https\n",
        "<190>1 2022-06-13T14:52:23.5+00:00 host app web.1 - @[production.login] {\"uid\":123}\n",
        "<45>1 2022-06-13T14:52:22+00:00 host heroku web.1 - State changed from starting to up\n",
        "<134>1 2022-06-13T14:52:21+00:00 host app api - Deploy 3f2a1bc by user jane@example.com\n",
    ];

    [Fact]
    public void Events_keep_the_order_of_the_body_and_the_count_of_messages_is_returned()
    {
        var body = Encoding.UTF8.GetBytes(string.Concat(Frames.Select(Drain.Frame)));
        var events = new List<Event>();
        var errors = new List<DecodeError>();

        var count = LogplexDecoder.Decode(body, Drain.Context, events, errors);

        Assert.Equal(4, count);
        Assert.Empty(errors);
        Assert.Equal([EventNames.Router, "production.login", EventNames.Dyno, EventNames.Api], events.Select(e => e.Name));
        Assert.Equal(Frames.Select(f => f.TrimEnd('\n')), events.Select(e => e.Text(FieldNames.Raw)));
    }

    [Fact]
    public void Unframeable_bytes_become_an_unparsed_event_in_place_and_an_error_with_their_position()
    {
        var good = Drain.Frame(Frames[0]);
        var bad = "GARBAGE!";
        var body = good + bad + Drain.Frame(Frames[2]);

        var (events, errors) = Drain.Logplex(body);

        Assert.Equal([EventNames.Unparsed, EventNames.Dyno], events.Select(e => e.Name));
        Assert.Equal(good + bad, events[0].Text(FieldNames.Raw));
        Assert.Equal(FramingErrors.CountOffBoundary, events[0].Text("_parseerror"));
        Assert.Equal(Drain.Token, events[0].Text(FieldNames.SourceName));
        var error = Assert.Single(errors);
        Assert.Equal((DecodeErrorKind.Unframeable, 0L, Encoding.UTF8.GetByteCount(good + bad)), (error.Kind, error.Offset, error.Length));
    }

    [Fact]
    public void The_source_fields_come_from_the_context()
    {
        var context = new DrainContext("acme", Drain.ReceiptUs) { SourceCategory = "prod/heroku", SourceName = "CustApp" };
        var events = new List<Event>();

        LogplexDecoder.Decode(Encoding.UTF8.GetBytes(Drain.Frame(Frames[2])), context, events, []);

        var e = Assert.Single(events);
        Assert.Equal(("prod/heroku", "CustApp", "acme"), (e.Text(FieldNames.SourceCategory), e.Text(FieldNames.SourceName), e.App));
    }

    [Fact]
    public void An_empty_source_name_is_left_out()
    {
        var events = new List<Event>();

        LogplexDecoder.Decode(Encoding.UTF8.GetBytes(Drain.Frame(Frames[2])), new DrainContext("acme", 0), events, []);

        Assert.False(Assert.Single(events).Has(FieldNames.SourceName));
        Assert.Equal("heroku", events[0].Text(FieldNames.SourceCategory));
    }

    [Fact]
    public void A_frame_holding_something_other_than_syslog_is_kept_as_unparsed()
    {
        var (events, errors) = Drain.Logplex(Drain.Frame("<13>1 cut"));

        Assert.Equal(EventNames.Unparsed, Assert.Single(events).Name);
        Assert.Equal("<13>1 cut", events[0].Text(FieldNames.Raw));
        Assert.Equal(DecodeErrorKind.MalformedSyslog, Assert.Single(errors).Kind);
    }

    [Fact]
    public void Decoding_allocates_one_string_per_repeated_value()
    {
        var body = Encoding.UTF8.GetBytes(Drain.Frame(Frames[0]) + Drain.Frame(Frames[0]));

        var (events, _) = Drain.Logplex(body);

        Assert.Same(events[0].Text("method"), events[1].Text("method"));
        Assert.Same(events[0].Text("host"), events[1].Text("host"));
        Assert.Same(events[0].Text("proc"), events[1].Text("proc"));
    }
}
