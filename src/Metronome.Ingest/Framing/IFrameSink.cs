namespace Metronome.Ingest.Framing;

/// <summary>Receives what a streaming framer finds. Spans are only valid during the call.</summary>
public interface IFrameSink
{
    /// <summary>One complete message without its framing (count, delimiter, trailing CR of a CRLF).</summary>
    void OnMessage(ReadOnlySpan<byte> message, long streamOffset);

    /// <summary>Bytes that could not be framed.</summary>
    void OnUnframeable(ReadOnlySpan<byte> bytes, long streamOffset, string reason);
}
