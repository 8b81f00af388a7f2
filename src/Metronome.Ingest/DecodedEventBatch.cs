using Metronome.Core.Events.Batches;

namespace Metronome.Ingest;

/// <summary>One batch of <see cref="LogStreamReader.ReadEncodedAsync"/>: the events in their encoded form,
/// what could not be decoded, and how far into the stream the reader is.</summary>
public sealed record DecodedEventBatch(EventBatch Events, IReadOnlyList<DecodeError> Errors, long BytesRead);
