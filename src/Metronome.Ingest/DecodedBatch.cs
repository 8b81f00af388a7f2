using Metronome.Core.Events;

namespace Metronome.Ingest;

/// <summary>One batch from <see cref="LogStreamReader"/>: events in input order, the errors met, and how far
/// into the stream the reader is (for a progress bar).</summary>
public sealed record DecodedBatch(IReadOnlyList<Event> Events, IReadOnlyList<DecodeError> Errors, long BytesRead);
