using System.Diagnostics;
using Metronome.Workload;

namespace Metronome.Bench.Harness;

/// <summary>The generated workload, cached in the work dir under a name that records count and seed.</summary>
public static class WorkloadFiles
{
    public static (string Path, WorkloadMeta Meta) Ensure(string workDir, long events, ulong seed, TextWriter log)
    {
        Directory.CreateDirectory(workDir);
        string path = Path.Combine(workDir, $"workload-{events}-seed{seed}.ndjson");
        string metaPath = WorkloadMeta.PathFor(path);
        if (File.Exists(path) && File.Exists(metaPath))
        {
            var cached = WorkloadMeta.ReadFrom(metaPath);
            if (cached.Events == events && cached.Seed == seed)
            {
                log.WriteLine($"workload: reusing {path}");
                return (path, cached);
            }
        }

        log.WriteLine($"workload: generating {events:N0} events (seed {seed}) into {path}");
        var clock = Stopwatch.StartNew();
        File.Delete(metaPath);
        string temporary = path + ".tmp";
        var generator = new WorkloadGenerator(seed);
        WorkloadTally tally;
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            tally = generator.Write(events, file);
        var meta = WorkloadMeta.From(tally, generator);
        File.Move(temporary, path, overwrite: true);
        meta.WriteTo(metaPath); // written last: its presence marks a complete data file
        log.WriteLine($"workload: {tally.Bytes / 1e6:N0} MB in {clock.Elapsed.TotalSeconds:F1} s");
        return (path, meta);
    }
}
