using Metronome.Ingest.Syslog;
using Metronome.Ingest.Tests.Decoding;

namespace Metronome.Ingest.Tests.Syslog;

/// <summary>Every timestamp form of heroku-log-formats.md 5.8.</summary>
public class TimestampTests
{
    [Theory]
    [InlineData("2020-01-08T22:33:57.353034+00:00", "2020-01-08T22:33:57.353034Z")]
    [InlineData("2016-02-13T21:20:25+00:00", "2016-02-13T21:20:25Z")]
    [InlineData("2022-01-26T20:25:08.61556+00:00", "2022-01-26T20:25:08.61556Z")]
    [InlineData("2023-08-24T12:31:50.112+00:00", "2023-08-24T12:31:50.112Z")]
    [InlineData("2017-05-08T19:03:34.000000+00:00", "2017-05-08T19:03:34Z")]
    [InlineData("2010-10-06T21:51:07-07:00", "2010-10-07T04:51:07Z")]
    [InlineData("2023-04-10T17:12:02.000-07:00", "2023-04-11T00:12:02Z")]
    [InlineData("2019-07-21T22:13:34.598992Z", "2019-07-21T22:13:34.598992Z")]
    [InlineData("2012-12-10T03:00:48Z+00:00", "2012-12-10T03:00:48Z")]
    [InlineData("2024-02-29T23:59:59.123456789+05:30", "2024-02-29T18:29:59.123456Z")]
    [InlineData("1999-12-31T23:59:59+0100", "1999-12-31T22:59:59Z")]
    public void Each_timestamp_form_seen_in_drains_gives_the_instant_it_names(string sent, string expectedUtc)
    {
        Assert.True(Rfc3339Timestamp.TryParse(System.Text.Encoding.ASCII.GetBytes(sent), out var micros));
        Assert.Equal(Drain.Micros(expectedUtc), micros);
    }

    [Theory]
    [InlineData("2024-13-01T00:00:00Z")]
    [InlineData("2023-02-29T00:00:00Z")]
    [InlineData("2024-01-01T24:00:00Z")]
    [InlineData("2024-01-01T00:00:00.+00:00")]
    [InlineData("2024-01-01T00:00:00+25:00")]
    [InlineData("2024-01-01")]
    [InlineData("yesterday")]
    public void Impossible_timestamps_are_rejected(string sent)
    {
        Assert.False(Rfc3339Timestamp.TryParse(System.Text.Encoding.ASCII.GetBytes(sent), out _));
    }

    [Fact]
    public void A_message_with_an_unreadable_timestamp_is_kept_with_the_receipt_time_and_a_parse_error()
    {
        var (events, errors) = Drain.Syslog("<190>1 2024-13-01T00:00:00Z host app web.1 - hello");

        var e = Assert.Single(events);
        Assert.Equal(Drain.ReceiptUs, e.TimeUs);
        Assert.Equal("hello", e.Text("message"));
        Assert.Equal(SyslogErrors.BadTimestamp, e.Text("_parseerror"));
        Assert.Equal(DecodeErrorKind.MalformedTimestamp, Assert.Single(errors).Kind);
    }

    [Fact]
    public void Old_timestamps_are_kept_however_old()
    {
        var e = Drain.One("<45>1 2010-10-06T21:51:07-07:00 host heroku web.1 - State changed from starting to up");

        Assert.Equal(Drain.Micros("2010-10-07T04:51:07Z"), e.TimeUs);
        Assert.Equal(Drain.ReceiptUs, e.ReceiptTimeUs);
    }

    [Fact]
    public void A_nil_timestamp_takes_the_receipt_time_without_an_error()
    {
        var e = Drain.One("<13>1 - myhost app - - - hello");

        Assert.Equal(Drain.ReceiptUs, e.TimeUs);
    }
}
