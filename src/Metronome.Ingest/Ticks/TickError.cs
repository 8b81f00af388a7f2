namespace Metronome.Ingest.Ticks;

/// <summary>Why one tick of a request was refused: its index in the batch (0 for a single tick), the
/// member at fault (or null for the whole tick) and the reason.</summary>
public sealed record TickError(int Index, string? Field, string Reason);
