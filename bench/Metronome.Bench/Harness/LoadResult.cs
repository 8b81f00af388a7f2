namespace Metronome.Bench.Harness;

/// <summary>How long a target took to ingest the workload file.</summary>
public sealed record LoadResult(long Events, long Bytes, TimeSpan Elapsed, string? Note = null)
{
    public double EventsPerSecond => Events / Math.Max(Elapsed.TotalSeconds, 1e-9);
}
