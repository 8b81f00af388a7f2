using System.Text;
using Metronome.Ingest.Framing;

namespace Metronome.Ingest.Tests.Framing;

public class OctetFrameReaderTests
{
    private static List<(FrameSpan Span, string Text)> ReadAll(string body) => ReadAll(Encoding.UTF8.GetBytes(body));

    private static List<(FrameSpan Span, string Text)> ReadAll(byte[] body)
    {
        var result = new List<(FrameSpan, string)>();
        var reader = new OctetFrameReader(body);
        while (reader.Read(out var frame))
        {
            result.Add((frame, Encoding.UTF8.GetString(body, frame.MessageStart, frame.MessageLength)));
        }

        Assert.Equal(body.Length, reader.Consumed);
        return result;
    }

    [Fact]
    public void Frames_follow_each_other_without_any_delimiter()
    {
        var frames = ReadAll("10 <1>1 hello7 <1>1 ab11 <13>1 x y z");

        Assert.Equal(["<1>1 hello", "<1>1 ab", "<13>1 x y z"], frames.Select(f => f.Text));
        Assert.All(frames, f => Assert.Equal(FrameKind.Message, f.Span.Kind));
    }

    [Fact]
    public void Frames_must_hold_syslog_messages_to_be_told_apart_from_garbage()
    {
        var frames = ReadAll("5 hello3 abc");

        Assert.Equal((FrameKind.Unframeable, "5 hello3 abc"), (frames[0].Span.Kind, frames[0].Text));
    }

    [Fact]
    public void Counts_are_bytes_not_characters()
    {
        var message = "<190>1 2022-01-26T20:25:08.61556+00:00 host app web.1 - took 163.92µs\n";
        var body = $"{Encoding.UTF8.GetByteCount(message)} {message}{Encoding.UTF8.GetByteCount(message)} {message}";

        var frames = ReadAll(body);

        Assert.Equal(2, frames.Count);
        Assert.All(frames, f => Assert.Equal(message, f.Text));
    }

    [Fact]
    public void The_trailing_newline_is_part_of_the_counted_message()
    {
        var frames = ReadAll("11 <1>1 hello\n11 <1>1 world\n");

        Assert.Equal(["<1>1 hello\n", "<1>1 world\n"], frames.Select(f => f.Text));
    }

    [Fact]
    public void A_frame_without_a_trailing_newline_is_glued_to_the_next_one()
    {
        const string l10 = "<172>1 2014-11-11T08:24:25+00:00 host heroku logplex - Error L10 (output buffer overflow): 1 messages dropped since 2014-11-07T23:29:45+00:00.";
        const string next = "<45>1 2014-11-11T08:24:24.000000+00:00 host app web.1 - hi\n";
        var body = Encoding.UTF8.GetByteCount(l10) + " " + l10 + Encoding.UTF8.GetByteCount(next) + " " + next;

        var frames = ReadAll(body);

        Assert.Equal([l10, next], frames.Select(f => f.Text));
    }

    [Fact]
    public void A_count_that_is_too_large_makes_one_raw_chunk_and_the_next_frame_survives()
    {
        var frames = ReadAll("9 <1>1 abc5 <2>1x");

        Assert.Equal(FrameKind.Unframeable, frames[0].Span.Kind);
        Assert.Equal("9 <1>1 abc", frames[0].Text);
        Assert.Equal(FramingErrors.CountOffBoundary, frames[0].Span.Error);
        Assert.Equal((FrameKind.Message, "<2>1x"), (frames[1].Span.Kind, frames[1].Text));
    }

    [Fact]
    public void A_count_one_too_large_that_swallows_the_first_digit_of_the_next_count_is_still_detected()
    {
        var next = "<2>1 " + new string('x', 118);
        var frames = ReadAll("8 <1>1 ab" + "123 " + next);

        Assert.Equal((FrameKind.Unframeable, "8 <1>1 ab"), (frames[0].Span.Kind, frames[0].Text));
        Assert.Equal((FrameKind.Message, next), (frames[1].Span.Kind, frames[1].Text));
    }

    [Fact]
    public void A_message_ending_in_digits_glued_to_the_next_frame_is_not_mistaken_for_a_wrong_count()
    {
        var first = "<134>1 2016-02-13T21:20:25+00:00 host app heroku-postgres - source=DATABASE sample#tables=30";
        var second = "<134>1 2016-02-13T21:20:25+00:00 host app heroku-postgres - source=DATABASE sample#tables=31";

        var frames = ReadAll($"{first.Length} {first}{second.Length} {second}");

        Assert.Equal([first, second], frames.Select(f => f.Text));
    }

    [Fact]
    public void A_count_that_is_too_small_makes_one_raw_chunk_and_the_next_frame_survives()
    {
        var frames = ReadAll("3 <1>1 abcdef5 <2>1x");

        Assert.Equal((FrameKind.Unframeable, "3 <1>1 abcdef"), (frames[0].Span.Kind, frames[0].Text));
        Assert.Equal((FrameKind.Message, "<2>1x"), (frames[1].Span.Kind, frames[1].Text));
    }

    [Fact]
    public void A_count_past_the_end_of_the_body_is_a_raw_chunk()
    {
        var frames = ReadAll("5 <2>1x80 <1>1 short");

        Assert.Equal((FrameKind.Message, "<2>1x"), (frames[0].Span.Kind, frames[0].Text));
        Assert.Equal((FrameKind.Unframeable, "80 <1>1 short"), (frames[1].Span.Kind, frames[1].Text));
        Assert.Equal(FramingErrors.CountPastEnd, frames[1].Span.Error);
    }

    [Fact]
    public void Garbage_between_frames_is_returned_with_the_frame_it_follows_as_raw_bytes()
    {
        var frames = ReadAll("5 <1>1aGARBAGE5 <2>1b");

        Assert.Equal((FrameKind.Unframeable, "5 <1>1aGARBAGE"), (frames[0].Span.Kind, frames[0].Text));
        Assert.Equal((FrameKind.Message, "<2>1b"), (frames[1].Span.Kind, frames[1].Text));
    }

    [Fact]
    public void Garbage_at_the_start_is_a_raw_chunk_up_to_the_first_frame()
    {
        var frames = ReadAll("HTTP junk 5 <2>1b");

        Assert.Equal((FrameKind.Unframeable, "HTTP junk "), (frames[0].Span.Kind, frames[0].Text));
        Assert.Equal(FramingErrors.NotAFrame, frames[0].Span.Error);
        Assert.Equal((FrameKind.Message, "<2>1b"), (frames[1].Span.Kind, frames[1].Text));
    }

    [Fact]
    public void Whitespace_between_frames_and_at_the_end_is_a_separator()
    {
        var frames = ReadAll("5 <1>1a\r\n5 <2>1b\n\n");

        Assert.Equal(
            [FrameKind.Message, FrameKind.Separator, FrameKind.Message, FrameKind.Separator],
            frames.Select(f => f.Span.Kind));
    }

    [Fact]
    public void A_count_of_zero_is_unframeable()
    {
        var frames = ReadAll("0 5 <2>1b");

        Assert.Equal((FrameKind.Unframeable, "0 "), (frames[0].Span.Kind, frames[0].Text));
        Assert.Equal(FramingErrors.CountOutOfRange, frames[0].Span.Error);
        Assert.Equal("<2>1b", frames[1].Text);
    }

    [Fact]
    public void An_empty_body_has_no_frames()
    {
        Assert.Empty(ReadAll(""));
    }

    [Fact]
    public void A_partial_buffer_stops_where_more_bytes_are_needed()
    {
        var body = Encoding.UTF8.GetBytes("5 <1>1a5 <2>1b5 <3>1c");
        var reader = new OctetFrameReader(body.AsSpan(0, body.Length - 1), isFinalBlock: false);

        Assert.True(reader.Read(out var first));
        Assert.Equal(FrameKind.Message, first.Kind);
        Assert.False(reader.Read(out _));
        Assert.Equal(7, reader.Consumed);
    }
}
