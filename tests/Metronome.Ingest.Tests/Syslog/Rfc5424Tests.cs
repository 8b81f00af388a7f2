using System.Text;
using Metronome.Ingest.Syslog;
using Metronome.Ingest.Tests.Decoding;

namespace Metronome.Ingest.Tests.Syslog;

public class Rfc5424Tests
{
    private const string RouterLine = "<158>1 2022-06-13T14:52:23.622778+00:00 host heroku router - at=info method=GET path=\"/\" host=x.herokuapp.com";

    [Fact]
    public void The_logplex_variant_without_structured_data_fills_every_envelope_field()
    {
        var e = Drain.One(RouterLine + "\n");

        Assert.Equal("acme", e.App);
        Assert.Equal(Drain.Micros("2022-06-13T14:52:23.622778Z"), e.TimeUs);
        Assert.Equal(Drain.ReceiptUs, e.ReceiptTimeUs);
        Assert.Equal("heroku", e.Text("_sourcecategory"));
        Assert.Equal(Drain.Token, e.Text("_sourcename"));
        Assert.Equal("host", e.Text("_sourcehost"));
        Assert.Equal("heroku", e.Text("app"));
        Assert.Equal("router", e.Text("proc"));
        Assert.Equal("local3", e.Text("_facility"));
        Assert.Equal("info", e.Text("_severity"));
        Assert.Equal("at=info method=GET path=\"/\" host=x.herokuapp.com", e.Text("message"));
        Assert.Equal(RouterLine, e.Text("_raw"));
        Assert.False(e.Has("msgid"));
    }

    [Fact]
    public void The_legacy_layout_with_a_nil_structured_data_does_not_leak_the_dash_into_the_message()
    {
        var e = Drain.One("<134>1 2012-07-22T00:06:26+00:00 d.fc6b856b-3332-4546-93de-7d0ee272c3bd app web.1 - - Started GET \"/\"\n");

        Assert.Equal("Started GET \"/\"", e.Text("message"));
        Assert.Equal("d.fc6b856b-3332-4546-93de-7d0ee272c3bd", e.Text("_sourcehost"));
    }

    [Fact]
    public void A_logplex_message_that_starts_with_a_dash_keeps_it()
    {
        var e = Drain.One("<190>1 2022-06-13T14:52:23+00:00 host app web.1 - - list item\n");

        Assert.Equal("- list item", e.Text("message"));
    }

    [Fact]
    public void Structured_data_elements_msgid_and_a_byte_order_mark_are_handled_as_in_rfc_5424()
    {
        var line = "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"][examplePriority@32473 class=\"high\"] \uFEFFAn application event log entry";

        var e = Drain.One(line);

        Assert.Equal("[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"][examplePriority@32473 class=\"high\"]", e.Text("structured_data"));
        Assert.Equal("ID47", e.Text("msgid"));
        Assert.Equal("evntslog", e.Text("app"));
        Assert.False(e.Has("proc"));
        Assert.Equal("An application event log entry", e.Text("message"));
        Assert.Equal(line, e.Text("_raw"));
        Assert.Equal(("local4", "notice"), (e.Text("_facility"), e.Text("_severity")));
    }

    [Fact]
    public void Structured_data_with_escaped_brackets_and_quotes_is_read_to_its_real_end()
    {
        var e = Drain.One("<13>1 2024-01-01T00:00:00Z h a p m [id k=\"a\\]b\\\"c\"] msg");

        Assert.Equal("[id k=\"a\\]b\\\"c\"]", e.Text("structured_data"));
        Assert.Equal("msg", e.Text("message"));
    }

    [Theory]
    [InlineData("<190>1 2022-12-05T20:26:20.860136+00:00 host app dramatiqworker.2 -")]
    [InlineData("<190>1 2022-12-05T20:26:20.860136+00:00 host app dramatiqworker.2 - ")]
    [InlineData("<190>1 2022-12-05T20:26:20.860136+00:00 host app dramatiqworker.2 - \n")]
    [InlineData("<190>1 2022-12-05T20:26:20.860136+00:00 host app dramatiqworker.2 -\n")]
    public void An_empty_msg_gives_an_empty_message(string line)
    {
        var e = Drain.One(line);

        Assert.Equal("", e.Text("message"));
        Assert.Equal("dramatiqworker.2", e.Text("proc"));
        Assert.Equal(EventNames.Log, e.Name);
    }

    [Fact]
    public void The_empty_message_frame_of_the_reference_has_the_published_count()
    {
        var (events, errors) = Drain.Logplex("69 <190>1 2022-12-05T20:26:20.860136+00:00 host app dramatiqworker.2 - \n");

        Assert.Empty(errors);
        Assert.Equal("", Assert.Single(events).Text("message"));
    }

    [Fact]
    public void Only_one_trailing_newline_is_stripped()
    {
        var e = Drain.One("<190>1 2022-06-13T14:52:23+00:00 host app web.1 - line\n\n");

        Assert.Equal("line\n", e.Text("message"));
        Assert.Equal("<190>1 2022-06-13T14:52:23+00:00 host app web.1 - line\n", e.Text("_raw"));
    }

    [Fact]
    public void A_multi_line_message_stays_one_event()
    {
        var e = Drain.One("<190>1 2020-01-06T23:48:28.660547+00:00 host app api - Starting process with command `/bin/sh -c 'if true\nthen\n  echo ok\nfi'` by user a@b.c\n");

        Assert.Equal("Starting process with command `/bin/sh -c 'if true\nthen\n  echo ok\nfi'` by user a@b.c", e.Text("message"));
        Assert.Equal("/bin/sh -c 'if true\nthen\n  echo ok\nfi'", e.Text("command"));
        Assert.Equal("a@b.c", e.Text("user"));
    }

    [Fact]
    public void Non_ascii_text_and_control_characters_are_kept()
    {
        var e = Drain.One("<190>1 2022-06-13T14:52:23+00:00 host app web.1 - took 163.92µs\tGrüße \b\b\r 日本\n");

        Assert.Equal("took 163.92µs\tGrüße \b\b\r 日本", e.Text("message"));
    }

    [Fact]
    public void Invalid_utf8_is_replaced_rather_than_dropped()
    {
        var bytes = Encoding.ASCII.GetBytes("<190>1 2022-06-13T14:52:23+00:00 host app web.1 - bad ").Concat(new byte[] { 0xC3, 0x28, 0xFF }).ToArray();
        var events = new List<Metronome.Core.Events.Event>();
        var errors = new List<DecodeError>();

        SyslogDecoder.Decode(bytes, Drain.Context, events, errors);

        Assert.Equal("bad \uFFFD(\uFFFD", Assert.Single(events).Text("message"));
    }

    [Theory]
    [InlineData(0, "kern", "emerg")]
    [InlineData(45, "syslog", "notice")]
    [InlineData(134, "local0", "info")]
    [InlineData(158, "local3", "info")]
    [InlineData(172, "local5", "warning")]
    [InlineData(190, "local7", "info")]
    [InlineData(191, "local7", "debug")]
    public void Pri_becomes_facility_and_severity(int pri, string facility, string severity)
    {
        var e = Drain.One($"<{pri}>1 2022-06-13T14:52:23+00:00 host app web.1 - x");

        Assert.Equal((facility, severity), (e.Text("_facility"), e.Text("_severity")));
    }

    [Theory]
    [InlineData("no pri at all", SyslogErrors.MissingPriority)]
    [InlineData("<192>1 2022-06-13T14:52:23+00:00 host app web.1 - x", SyslogErrors.MissingPriority)]
    [InlineData("<13>1 2022-06-13T14:52:23+00:00 host", SyslogErrors.TruncatedHeader)]
    [InlineData("\n", SyslogErrors.EmptyMessage)]
    public void A_message_that_is_not_syslog_becomes_an_unparsed_event_with_its_bytes(string text, string reason)
    {
        var (events, errors) = Drain.Syslog(text);

        var e = Assert.Single(events);
        Assert.Equal(EventNames.Unparsed, e.Name);
        Assert.Equal(text, e.Text("_raw"));
        Assert.Equal(reason, e.Text("_parseerror"));
        Assert.Equal(Drain.ReceiptUs, e.TimeUs);
        Assert.Equal(DecodeErrorKind.MalformedSyslog, Assert.Single(errors).Kind);
    }

    [Fact]
    public void Structured_data_can_be_forced_off_for_senders_that_never_send_it()
    {
        var context = Drain.Context with { StructuredData = StructuredDataMode.Absent };

        var e = Drain.One("<13>1 2024-01-01T00:00:00Z myhost app web.1 - - dash", context);

        Assert.Equal("- dash", e.Text("message"));
    }
}
