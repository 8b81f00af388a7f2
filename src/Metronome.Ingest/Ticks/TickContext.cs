namespace Metronome.Ingest.Ticks;

/// <summary>What the HTTP layer knows about a tick request besides its body.</summary>
public sealed record TickContext(string App, long ReceiptTimeUs, string? RefererHeader = null);
