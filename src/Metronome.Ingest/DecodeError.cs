namespace Metronome.Ingest;

/// <summary>One decoding problem. <see cref="Offset"/> and <see cref="Length"/> locate the bytes in the
/// decoded input (the body, the datagram, or the stream since its start).</summary>
public readonly record struct DecodeError(DecodeErrorKind Kind, long Offset, int Length, string Reason);
