namespace Metronome.Core.Events.Batches;

/// <summary>Where one event of an <see cref="EventBatch"/> starts, with what sealing sorts and partitions
/// by: the app and name as indexes into the batch's <see cref="EventBatch.Apps"/> and
/// <see cref="EventBatch.Names"/>, and the event time (µs).</summary>
public readonly record struct EventBatchEntry(int Offset, int App, int Name, long TimeUs);
