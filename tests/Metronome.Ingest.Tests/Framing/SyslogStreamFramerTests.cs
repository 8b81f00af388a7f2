using System.Text;
using Metronome.Ingest.Framing;

namespace Metronome.Ingest.Tests.Framing;

public class SyslogStreamFramerTests
{
    private sealed class Sink : IFrameSink
    {
        public List<(string Text, long Offset)> Messages { get; } = [];

        public List<(string Text, string Reason)> Unframeable { get; } = [];

        public void OnMessage(ReadOnlySpan<byte> message, long streamOffset) => Messages.Add((Encoding.UTF8.GetString(message), streamOffset));

        public void OnUnframeable(ReadOnlySpan<byte> bytes, long streamOffset, string reason) => Unframeable.Add((Encoding.UTF8.GetString(bytes), reason));
    }

    private static Sink Frame(string stream, int maxMessageLength = SyslogStreamFramer.DefaultMaxMessageLength)
    {
        var sink = new Sink();
        using var framer = new SyslogStreamFramer(maxMessageLength);
        framer.Push(Encoding.UTF8.GetBytes(stream), sink);
        framer.Complete(sink);
        return sink;
    }

    [Fact]
    public void Lf_crlf_and_nul_all_end_a_message()
    {
        var sink = Frame("<13>a\n<13>b\r\n<13>c\0<13>d");

        Assert.Equal(["<13>a", "<13>b", "<13>c", "<13>d"], sink.Messages.Select(m => m.Text));
    }

    [Fact]
    public void Octet_counted_and_delimited_messages_can_alternate_in_one_stream()
    {
        var sink = Frame("6 <13>a\n<13>b\n5 <13>c");

        Assert.Equal(["<13>a\n", "<13>b", "<13>c"], sink.Messages.Select(m => m.Text));
        Assert.Equal([2L, 8, 16], sink.Messages.Select(m => m.Offset));
    }

    [Fact]
    public void Blank_lines_between_messages_are_skipped()
    {
        var sink = Frame("\n\r\n<13>a\n\n\n<13>b\n");

        Assert.Equal(["<13>a", "<13>b"], sink.Messages.Select(m => m.Text));
    }

    [Fact]
    public void A_stream_that_ends_inside_an_octet_frame_reports_the_rest_as_unframeable()
    {
        var sink = Frame("<13>a\n40 <13>cut short");

        Assert.Equal(["<13>a"], sink.Messages.Select(m => m.Text));
        Assert.Equal(("40 <13>cut short", FramingErrors.TruncatedFrame), Assert.Single(sink.Unframeable));
    }

    [Fact]
    public void Digits_without_a_space_are_read_as_a_line()
    {
        var sink = Frame("2024 was a year\n");

        Assert.Equal(["2024 was a year"], sink.Messages.Select(m => m.Text));
    }

    [Fact]
    public void A_line_longer_than_the_limit_is_cut_and_reported()
    {
        var sink = Frame(new string('x', 40) + "\n<13>ok\n", maxMessageLength: 16);

        Assert.Equal(2, sink.Unframeable.Count);
        Assert.All(sink.Unframeable, u => Assert.Equal(FramingErrors.LineTooLong, u.Reason));
        Assert.Equal(["xxxxxxxx", "<13>ok"], sink.Messages.Select(m => m.Text));
    }

    [Fact]
    public void A_message_split_across_pushes_is_framed_once_complete()
    {
        var sink = new Sink();
        using var framer = new SyslogStreamFramer();

        framer.Push("11 <13>1 hel"u8, sink);
        Assert.Empty(sink.Messages);
        framer.Push("lo<13>next"u8, sink);
        Assert.Equal(["<13>1 hello"], sink.Messages.Select(m => m.Text));
        framer.Push("\n"u8, sink);

        Assert.Equal(["<13>1 hello", "<13>next"], sink.Messages.Select(m => m.Text));
        Assert.Equal(0, framer.PendingBytes);
    }
}
