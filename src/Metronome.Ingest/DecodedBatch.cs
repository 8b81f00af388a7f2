using Metronome.Core.Events.Batches;

namespace Metronome.Ingest;

/// <summary>One batch from <see cref="LogStreamReader"/>: events in input order (encoded), the errors met,
/// and how far into the stream the reader is (for a progress bar).</summary>
public sealed record DecodedBatch(EventBatch Events, IReadOnlyList<DecodeError> Errors, long BytesRead);
