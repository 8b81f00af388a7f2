using System.Text;
using Metronome.Core.Events;

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

        return (batches.SelectMany(b => b.Events).ToList(), batches.SelectMany(b => b.Errors).ToList(), batches);
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
}
