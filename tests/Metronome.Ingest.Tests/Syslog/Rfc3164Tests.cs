using Metronome.Ingest.Tests.Decoding;

namespace Metronome.Ingest.Tests.Syslog;

public class Rfc3164Tests
{
    [Fact]
    public void A_bsd_line_gives_host_tag_pid_and_a_time_in_the_receipt_year()
    {
        var e = Drain.One("<38>Mar  5 10:00:01 web-01 sshd[4123]: Accepted publickey for deploy");

        Assert.Equal(Drain.Micros("2024-03-05T10:00:01Z"), e.TimeUs);
        Assert.Equal("web-01", e.Text("_sourcehost"));
        Assert.Equal("sshd", e.Text("app"));
        Assert.Equal("4123", e.Text("proc"));
        Assert.Equal("Accepted publickey for deploy", e.Text("message"));
        Assert.Equal(("auth", "info"), (e.Text("_facility"), e.Text("_severity")));
        Assert.Equal("<38>Mar  5 10:00:01 web-01 sshd[4123]: Accepted publickey for deploy", e.Text("_raw"));
    }

    [Fact]
    public void A_december_line_received_in_january_belongs_to_the_previous_year()
    {
        var context = Drain.Context with { ReceiptTimeUs = Drain.Micros("2025-01-01T00:00:05Z") };

        var e = Drain.One("<13>Dec 31 23:59:58 h app: late", context);

        Assert.Equal(Drain.Micros("2024-12-31T23:59:58Z"), e.TimeUs);
    }

    [Fact]
    public void A_line_from_logger_with_a_tag_and_no_pid_is_read()
    {
        var e = Drain.One("<13>Mar 10 11:59:00 debian user: hello world");

        Assert.Equal(("debian", "user", "hello world"), (e.Text("_sourcehost"), e.Text("app"), e.Text("message")));
        Assert.False(e.Has("proc"));
    }

    [Fact]
    public void A_line_without_hostname_takes_the_first_token_as_the_tag()
    {
        var e = Drain.One("<13>Mar 10 11:59:00 cron[77]: job done");

        Assert.False(e.Has("_sourcehost"));
        Assert.Equal(("cron", "77", "job done"), (e.Text("app"), e.Text("proc"), e.Text("message")));
    }

    [Fact]
    public void Rsyslog_forwarding_with_an_rfc_3339_timestamp_is_read()
    {
        var e = Drain.One("<30>2024-03-09T08:15:00.123456+01:00 db-2 postgres[9]: checkpoint complete");

        Assert.Equal(Drain.Micros("2024-03-09T07:15:00.123456Z"), e.TimeUs);
        Assert.Equal(("db-2", "postgres", "9"), (e.Text("_sourcehost"), e.Text("app"), e.Text("proc")));
    }

    [Fact]
    public void A_line_with_only_a_priority_keeps_the_rest_as_message()
    {
        var e = Drain.One("<13>just some words");

        Assert.Equal(Drain.ReceiptUs, e.TimeUs);
        Assert.Equal("just some words", e.Text("message"));
        Assert.False(e.Has("app"));
    }

    [Fact]
    public void Fractional_seconds_in_a_bsd_timestamp_are_honoured()
    {
        var e = Drain.One("<13>Mar  1 00:00:00.250 h t: x");

        Assert.Equal(Drain.Micros("2024-03-01T00:00:00.25Z"), e.TimeUs);
    }
}
