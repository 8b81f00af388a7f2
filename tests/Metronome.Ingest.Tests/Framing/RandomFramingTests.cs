using System.Text;
using Metronome.Core.Events;
using Metronome.Ingest.Framing;
using Metronome.Ingest.Tests.Decoding;

namespace Metronome.Ingest.Tests.Framing;

/// <summary>Randomised logplex bodies with a fixed seed: valid frames, wrong counts and garbage.</summary>
public class RandomFramingTests
{
    private const int Seed = 20240310;

    private sealed record Piece(byte[] Bytes, bool IsIntactFrame, string? Message);

    [Fact]
    public void Every_byte_of_a_corrupted_body_lands_in_exactly_one_span_and_intact_frames_survive()
    {
        var random = new Random(Seed);
        for (var round = 0; round < 300; round++)
        {
            var pieces = RandomBody(random, out var body);
            var spans = new List<FrameSpan>();
            var reader = new OctetFrameReader(body);
            while (reader.Read(out var frame))
            {
                spans.Add(frame);
            }

            AssertTiles(spans, body.Length);
            var messages = spans.Where(s => s.Kind == FrameKind.Message)
                .Select(s => Encoding.UTF8.GetString(body, s.MessageStart, s.MessageLength)).ToHashSet();
            for (var i = 0; i < pieces.Count; i++)
            {
                var followedByGarbage = i + 1 < pieces.Count && pieces[i + 1] is { IsIntactFrame: false, Message: null };
                if (pieces[i].IsIntactFrame && !followedByGarbage)
                {
                    Assert.True(messages.Contains(pieces[i].Message!), $"round {round}, piece {i} lost: {string.Join(" | ", pieces.Select(p => (p.IsIntactFrame ? "OK " : "BAD ") + Encoding.UTF8.GetString(p.Bytes)))}\nSPANS {string.Join(" | ", spans.Select(s => s.Kind + ":" + Encoding.UTF8.GetString(body, s.Start, Math.Min(s.Length, 12))))}");
                }
            }

            Assert.All(pieces.Where(p => !p.IsIntactFrame && p.Message is not null), p => Assert.DoesNotContain(p.Message!, messages));
        }
    }

    [Fact]
    public void A_body_read_in_random_pieces_decodes_to_the_same_messages_as_in_one_piece()
    {
        var random = new Random(Seed + 1);
        for (var round = 0; round < 200; round++)
        {
            RandomBody(random, out var body);
            var whole = Drain.Logplex(body);

            using var decoder = new LogplexStreamDecoder();
            var events = new List<Event>();
            var errors = new List<DecodeError>();
            var position = 0;
            while (position < body.Length)
            {
                var length = Math.Min(body.Length - position, random.Next(1, 300));
                decoder.Push(body.AsSpan(position, length), Drain.Context, events, errors);
                position += length;
            }

            decoder.Complete(Drain.Context, events, errors);

            Assert.Equal(Raws(whole.Events, parsed: true), Raws(events, parsed: true));
            Assert.Equal(
                string.Concat(Raws(whole.Events, parsed: false)),
                string.Concat(Raws(events, parsed: false)));
            Assert.Equal(whole.Errors.Sum(e => e.Kind == DecodeErrorKind.Unframeable ? e.Length : 0), errors.Sum(e => e.Kind == DecodeErrorKind.Unframeable ? e.Length : 0));
        }
    }

    [Fact]
    public void The_tcp_framer_gives_the_same_messages_whatever_the_split_points()
    {
        var random = new Random(Seed + 2);
        for (var round = 0; round < 200; round++)
        {
            var expected = new List<string>();
            var stream = new StringBuilder();
            var count = random.Next(1, 30);
            for (var i = 0; i < count; i++)
            {
                var message = RandomMessage(random);
                expected.Add(message);
                stream.Append(random.Next(4) switch
                {
                    0 => message + "\n",
                    1 => message + "\r\n",
                    2 => message + "\0",
                    _ => Drain.Frame(message),
                });
            }

            var bytes = Encoding.UTF8.GetBytes(stream.ToString());
            var sink = new CollectingSink();
            using var framer = new SyslogStreamFramer();
            var position = 0;
            while (position < bytes.Length)
            {
                var length = Math.Min(bytes.Length - position, random.Next(1, 64));
                framer.Push(bytes.AsSpan(position, length), sink);
                position += length;
            }

            framer.Complete(sink);

            Assert.Empty(sink.Unframeable);
            Assert.Equal(expected, sink.Messages);
        }
    }

    private static void AssertTiles(List<FrameSpan> spans, int length)
    {
        var position = 0;
        foreach (var span in spans)
        {
            Assert.Equal(position, span.Start);
            Assert.True(span.Length > 0);
            position = span.End;
        }

        Assert.Equal(length, position);
    }

    private static List<string> Raws(List<Event> events, bool parsed) =>
        events.Where(e => (e.Name != EventNames.Unparsed) == parsed).Select(e => e.Get(FieldNames.Raw).AsString).ToList();

    private static List<Piece> RandomBody(Random random, out byte[] body)
    {
        var pieces = new List<Piece>();
        var count = random.Next(1, 25);
        for (var i = 0; i < count; i++)
        {
            var message = RandomMessage(random) + (random.Next(3) == 0 ? "" : "\n");
            var bytes = Encoding.UTF8.GetBytes(message);
            switch (random.Next(10))
            {
                case 0:
                    pieces.Add(new Piece(Encoding.UTF8.GetBytes($"{bytes.Length + random.Next(1, 40)} {message}"), false, message));
                    break;
                case 1:
                    pieces.Add(new Piece(Encoding.UTF8.GetBytes($"{Math.Max(1, bytes.Length - random.Next(1, 10))} {message}"), false, message));
                    break;
                case 2:
                    pieces.Add(new Piece(Encoding.UTF8.GetBytes($"{bytes.Length} {message}"), true, message));
                    pieces.Add(new Piece(Encoding.UTF8.GetBytes(Garbage(random)), false, null));
                    break;
                default:
                    pieces.Add(new Piece(Encoding.UTF8.GetBytes($"{bytes.Length} {message}"), true, message));
                    break;
            }
        }

        body = pieces.SelectMany(p => p.Bytes).ToArray();
        return pieces;
    }

    /// <summary>A unique syslog message with multi-byte characters, tabs and a few words.</summary>
    private static string RandomMessage(Random random)
    {
        var words = new[] { "at=info", "path=\"/a b\"", "µs", "Grüße", "\t", "status=200", "日本", "{\"a\":1}", "x" };
        var text = new StringBuilder();
        for (var i = random.Next(0, 12); i > 0; i--)
        {
            text.Append(words[random.Next(words.Length)]).Append(' ');
        }

        return $"<190>1 2022-06-13T14:52:23.{random.Next(100000, 999999)}+00:00 host app web.{random.Next(1, 9)} - {random.NextInt64():x16} {text}".TrimEnd();
    }

    private static string Garbage(Random random)
    {
        const string alphabet = "abcXYZ!?#<>";
        return new string(Enumerable.Range(0, random.Next(1, 20)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
    }

    private sealed class CollectingSink : IFrameSink
    {
        public List<string> Messages { get; } = [];

        public List<string> Unframeable { get; } = [];

        public void OnMessage(ReadOnlySpan<byte> message, long streamOffset) => Messages.Add(Encoding.UTF8.GetString(message));

        public void OnUnframeable(ReadOnlySpan<byte> bytes, long streamOffset, string reason) => Unframeable.Add(Encoding.UTF8.GetString(bytes));
    }
}
