using System.Buffers;
using System.Runtime.CompilerServices;
using Metronome.Core.Events.Batches;

namespace Metronome.Ingest;

/// <summary>
/// Decodes a whole stream in batches, for <c>metronome import --format logplex|syslog FILE...</c>. The
/// caller opens the file (and wraps it in a <c>GZipStream</c> for <c>.gz</c>); every event gets the
/// context's receipt time, while message times stay as logged.
/// </summary>
public static class LogStreamReader
{
    public const int DefaultBatchSize = 10_000;

    private const int ReadSize = 64 * 1024;

    public static IStreamDecoder CreateDecoder(LogFormat format) => format switch
    {
        LogFormat.Logplex => new LogplexStreamDecoder(),
        LogFormat.Syslog => new SyslogStreamDecoder(),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown log format"),
    };

    /// <summary>Yields batches of about <paramref name="batchSize"/> events (a read may overshoot it) until the
    /// stream ends; the last batch may be empty of events but carries the final <c>BytesRead</c>. The events
    /// are in their encoded form, the way the server's endpoints hand them to the store (no object or
    /// string per line: several times faster than decoding into event objects).</summary>
    public static async IAsyncEnumerable<DecodedBatch> ReadAsync(
        Stream stream,
        LogFormat format,
        DrainContext context,
        int batchSize = DefaultBatchSize,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);

        using var decoder = CreateDecoder(format);
        var buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
        try
        {
            var writer = new EventBatchWriter(batchSize * 256);
            var errors = new List<DecodeError>();
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, ReadSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                decoder.Push(buffer.AsSpan(0, read), context, writer, errors);
                if (writer.Count >= batchSize)
                {
                    yield return new DecodedBatch(writer.ToBatch(), errors, decoder.BytesReceived);
                    writer.Clear();
                    errors = [];
                }
            }

            decoder.Complete(context, writer, errors);
            yield return new DecodedBatch(writer.ToBatch(), errors, decoder.BytesReceived);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
