namespace Metronome.Server.Drains;

/// <summary>How <c>POST /drains/logplex</c> remembers frame ids to drop Logplex's redeliveries.</summary>
public sealed record DrainOptions
{
    /// <summary>A frame id is remembered this long after its batch became durable. Logplex retries a frame
    /// within seconds (3 attempts, backoff of at most ~10 s), so an hour is ample.</summary>
    public TimeSpan FrameWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>At most this many frame ids are remembered per drain (the most recent ones).</summary>
    public int FramesPerDrain { get; init; } = 10_000;

    /// <summary>On start, frame ids are recovered from events whose message time is at most this much older
    /// than the window: drains deliver lines within seconds of their timestamp, and a bounded time range
    /// keeps the recovery scan small.</summary>
    public TimeSpan RecoverySlack { get; init; } = TimeSpan.FromHours(1);
}
