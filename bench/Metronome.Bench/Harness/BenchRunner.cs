using System.Diagnostics;

namespace Metronome.Bench.Harness;

/// <summary>Drives the targets one after another (they must not compete for the CPU): load, compact,
/// measure bytes, then each query warmed up (at least once and for <see cref="WarmUp"/>) and run
/// <c>runs</c> times for the median.</summary>
public sealed class BenchRunner(string dataFile, QueryParameters parameters, IReadOnlyList<BenchQuery> queries, int runs, TextWriter log)
{
    /// <summary>An in-process engine on .NET reaches its optimized code (tiered JIT) after a few runs of a
    /// query, as a long-running server does; a second of warm-up lets every target settle.</summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);

    public async Task<TargetReport> RunAsync(IBenchTarget target, CancellationToken ct)
    {
        var report = new TargetReport(target.Name, await target.DescribeAsync(ct));
        log.WriteLine($"[{target.Name}] {report.Description}");

        log.WriteLine($"[{target.Name}] loading {Path.GetFileName(dataFile)} ...");
        report.Load = await target.LoadAsync(dataFile, ct);
        report.PeakRssBytes = target.PeakRssBytes;
        log.WriteLine($"[{target.Name}] loaded {report.Load.Events:N0} events in {report.Load.Elapsed.TotalSeconds:F1} s "
            + $"({report.Load.EventsPerSecond:N0} events/s), peak RSS {report.PeakRssBytes / (1024.0 * 1024):N0} MiB");

        var clock = Stopwatch.StartNew();
        await target.CompactAsync(ct);
        report.Compaction = clock.Elapsed;
        report.BytesOnDisk = await target.BytesOnDiskAsync(ct);
        log.WriteLine($"[{target.Name}] compacted in {report.Compaction.TotalSeconds:F1} s; {report.BytesOnDisk / 1e6:N1} MB on disk");

        foreach (BenchQuery query in queries)
        {
            QueryResult result;
            int warmUps = 0;
            clock.Restart();
            do
            {
                result = await target.RunAsync(query, parameters, ct);
            }
            while (++warmUps < 50 && clock.Elapsed < WarmUp);
            var times = new List<TimeSpan>(runs);
            for (int i = 0; i < runs; i++)
            {
                clock.Restart();
                result = await target.RunAsync(query, parameters, ct);
                times.Add(clock.Elapsed);
            }
            var timing = new QueryTiming(times, result);
            report.Queries[query.Id] = timing;
            log.WriteLine($"[{target.Name}] {query.Id} median {timing.Median.TotalMilliseconds:F1} ms "
                + $"({string.Join(" ", times.Select(t => t.TotalMilliseconds.ToString("F1")))}; after {warmUps} warm-up runs)");
        }
        return report;
    }
}
