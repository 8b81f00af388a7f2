using Metronome.Core.Events;

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
}
