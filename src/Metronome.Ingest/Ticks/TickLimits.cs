namespace Metronome.Ingest.Ticks;

/// <summary>What one tick may carry. Every limit is named in the error a tick that breaks it gets.</summary>
public sealed record TickLimits
{
    public int MaxProperties { get; init; } = 100;

    public int MaxKeyLength { get; init; } = 128;

    public int MaxValueLength { get; init; } = 8 * 1024;

    public int MaxBatchEvents { get; init; } = 10_000;

    /// <summary>Ticks stamped further in the future than this are refused.</summary>
    public TimeSpan MaxFutureSkew { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Ticks stamped further in the past than this are refused (log imports have no such limit).</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromDays(3650);
}
