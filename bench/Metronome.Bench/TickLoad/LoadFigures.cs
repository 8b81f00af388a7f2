namespace Metronome.Bench.TickLoad;

/// <summary>One timed load phase: requests (or transactions) completed, their rate and latency percentiles.</summary>
/// <param name="EventsPerRequest">1 for single events, the batch size for batches.</param>
/// <param name="Failures">Non-2xx answers and socket errors (wrk) or failed transactions (pgbench).</param>
public sealed record LoadFigures(long Requests, double Seconds, double RequestsPerSecond, double P50Ms, double P99Ms, long Failures, int EventsPerRequest)
{
    /// <summary>Requests answered with 2xx per second: a refused request (429 under back-pressure, which
    /// wrk does not wait out) is quick to answer and must not count.</summary>
    public double AcceptedPerSecond => Seconds > 0 ? Math.Max(0, Requests - Failures) / Seconds : 0;

    /// <summary>Acknowledged (durable) events per second.</summary>
    public double EventsPerSecond => AcceptedPerSecond * EventsPerRequest;
}
