using Metronome.Core.Events;
using Metronome.Core.Events.Batches;

namespace Metronome.Ingest;

/// <summary>A decoder for a byte stream that arrives in pieces split anywhere (a TCP connection, a file).
/// Not thread-safe: one instance per stream.</summary>
public interface IStreamDecoder : IDisposable
{
    /// <summary>Total bytes pushed so far.</summary>
    long BytesReceived { get; }

    /// <summary>Decodes what can be decoded of the bytes so far; keeps an incomplete tail for the next push.</summary>
    void Push(ReadOnlySpan<byte> data, DrainContext context, List<Event> events, List<DecodeError> errors);

    /// <summary>The stream ended: decodes or reports whatever is left.</summary>
    void Complete(DrainContext context, List<Event> events, List<DecodeError> errors);

    /// <summary>As <see cref="Push(ReadOnlySpan{byte}, DrainContext, List{Event}, List{DecodeError})"/>, writing
    /// the events straight into their encoded form (no object or string per line).</summary>
    void Push(ReadOnlySpan<byte> data, DrainContext context, EventBatchWriter events, List<DecodeError> errors);

    /// <summary>As <see cref="Complete(DrainContext, List{Event}, List{DecodeError})"/>, into the encoded form.</summary>
    void Complete(DrainContext context, EventBatchWriter events, List<DecodeError> errors);
}
