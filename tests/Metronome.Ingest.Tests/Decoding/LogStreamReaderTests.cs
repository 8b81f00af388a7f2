using System.Text;
using Metronome.Core.Events;
using Metronome.Core.Events.Batches;

namespace Metronome.Ingest.Tests.Decoding;

public class LogStreamReaderTests
{
    /// <summary>A stream that returns at most a few bytes per read, like a slow socket or file.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken);
    }

    private static async Task<(List<Event> Events, List<DecodeError> Errors, List<DecodedBatch> Batches)> ReadAll(Stream stream, LogFormat format, int batchSize)
    {
        var batches = new List<DecodedBatch>();
        await foreach (var batch in LogStreamReader.ReadAsync(stream, format, Drain.Context, batchSize))
        {
            batches.Add(batch);
        }

        var strings = new Metronome.Core.Text.StringPool();
        return (batches.SelectMany(b => b.Events.ToEvents(strings)).ToList(), batches.SelectMany(b => b.Errors).ToList(), batches);
    }

    [Fact]
    public async Task A_logplex_file_read_in_small_pieces_yields_every_event_in_batches()
    {
        var lines = Enumerable.Range(0, 50).Select(i => Drain.Heroku("web.1", $"line {i}", app: "app", pri: 190)).ToList();
        var bytes = Encoding.UTF8.GetBytes(string.Concat(lines.Select(Drain.Frame)));

        var (events, errors, batches) = await ReadAll(new TrickleStream(bytes, 7), LogFormat.Logplex, batchSize: 10);

        Assert.Empty(errors);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"line {i}"), events.Select(e => e.Text(FieldNames.Message)));
        Assert.True(batches.Count >= 5);
        Assert.Equal(bytes.Length, batches[^1].BytesRead);
    }

    [Fact]
    public async Task A_syslog_file_of_mixed_lines_is_decoded_line_by_line()
    {
        var text = "<13>Mar 10 11:59:00 debian user: hello\n<190>1 2022-06-13T14:52:23+00:00 host app web.1 - at=info n=1\r\nnot syslog\n";

        var (events, errors, _) = await ReadAll(new TrickleStream(Encoding.UTF8.GetBytes(text), 5), LogFormat.Syslog, batchSize: 100);

        Assert.Equal([EventNames.Log, EventNames.Log, EventNames.Unparsed], events.Select(e => e.Name));
        Assert.Equal(1, events[1].Long("n"));
        Assert.Equal(DecodeErrorKind.MalformedSyslog, Assert.Single(errors).Kind);
    }

    [Fact]
    public async Task An_empty_file_yields_one_empty_batch()
    {
        var (events, _, batches) = await ReadAll(new MemoryStream(), LogFormat.Syslog, batchSize: 10);

        Assert.Empty(events);
        Assert.Equal(0, Assert.Single(batches).BytesRead);
    }

    /// <summary>The reader (encoded events, what import uses) gives the events and errors of the object
    /// decoder fed the whole input at once, byte for byte once encoded, whatever the read sizes.</summary>
    [Theory]
    [InlineData(LogFormat.Logplex, 1)]
    [InlineData(LogFormat.Logplex, 2)]
    [InlineData(LogFormat.Syslog, 3)]
    [InlineData(LogFormat.Syslog, 4)]
    public async Task The_encoded_path_yields_the_events_and_errors_of_the_object_path(LogFormat format, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        for (int i = 0; i < 300; i++)
        {
            string line = random.Next(6) switch
            {
                0 => Drain.Heroku("router", $"at=info method=GET path=\"/p/{i}\" connect={i}ms status=200 bytes={i * 3}", app: "heroku", pri: 158),
                1 => Drain.Heroku("web.1", $"@[app.signup] {{\"uid\":{i},\"plan\":\"caf\u00e9\"}}", app: "app", pri: 190),
                2 => "<13>Mar 10 11:59:00 debian user: hello " + i,
                3 => "garbage " + i,
                _ => Drain.Heroku("web.2", $"level=warn n={i} msg=\"quoted text\"", app: "app", pri: 190),
            };
            text.Append(format == LogFormat.Logplex && random.Next(10) > 0 ? Drain.Frame(line) : line + "\n");
        }

        byte[] bytes = Encoding.UTF8.GetBytes(text.ToString());
        var (events, errors, batches) = await ReadAll(new TrickleStream(bytes, random.Next(1, 600)), format, batchSize: 37);
        var expectedEvents = new List<Event>();
        var expectedErrors = new List<DecodeError>();
        using (var decoder = LogStreamReader.CreateDecoder(format))
        {
            decoder.Push(bytes, Drain.Context, expectedEvents, expectedErrors);
            decoder.Complete(Drain.Context, expectedEvents, expectedErrors);
        }

        Assert.Equal(EventBatch.From(expectedEvents).Data, EventBatch.From(events).Data);
        Assert.Equal(expectedErrors, errors);
        Assert.All(batches.SkipLast(1), b => Assert.True(b.Events.Count >= 37));
        Assert.Equal(bytes.Length, batches[^1].BytesRead);
    }
}
