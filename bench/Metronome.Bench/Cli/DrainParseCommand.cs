using System.Diagnostics;
using System.Globalization;
using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Ingest;

namespace Metronome.Bench.Cli;

/// <summary>
/// `metronome-bench drain-parse BODY [SECONDS]`: the logplex decoder alone on one thread, decoding one body
/// over and over as the drain endpoint does (same source fields and per-frame tags), after a warm-up. Besides
/// the wall-clock rate it reports the process CPU time per line; like the endpoint, it decodes into a reused
/// batch writer and takes the batch out (<see cref="EventBatchWriter.ToBatch"/>) per body (the decoding thread plus the GC's), which
/// barely moves when other work shares the cores: 1e9 / CPU ns is the rate one dedicated core gives.
/// </summary>
public static class DrainParseCommand
{
    public const string Usage = "usage: metronome-bench drain-parse BODY_FILE [SECONDS (default 10)]";

    private const double WarmupSeconds = 3;

    public static int Run(string bodyFile, double seconds)
    {
        if (!File.Exists(bodyFile))
        {
            Console.Error.WriteLine($"metronome-bench: no body file {bodyFile} (bench/drains/make-lines.py writes one)\n{Usage}");
            return 2;
        }

        byte[] body = File.ReadAllBytes(bodyFile);
        var context = BenchDrainContext.Of(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000, "1700000000-1");
        var events = new EventBatchWriter(256 * 1024);
        var errors = new List<DecodeError>();

        Measure(body, context, events, errors, WarmupSeconds);
        var (lines, wall, cpu, allocated, pause) = Measure(body, context, events, errors, seconds);
        if (errors.Count > 0 || lines == 0)
        {
            Console.Error.WriteLine($"metronome-bench: the body decoded with {errors.Count} errors and {lines} lines");
            return 1;
        }

        double cpuNs = cpu.TotalNanoseconds / lines;
        events.Clear();
        int bodyLines = LogplexDecoder.Decode(body, context, events, errors);
        int batchBytes = events.ToBatch().Data.Length;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"decoder alone: {lines} lines in {wall.TotalSeconds:F1} s = {lines / wall.TotalSeconds:F0} lines/s; CPU {cpuNs:F0} ns/line = {1e9 / cpuNs:F0} lines per CPU-second; {allocated / (double)lines:F0} B allocated and {pause.TotalNanoseconds / lines:F0} ns of GC pause per line; the batch holds {batchBytes / (double)bodyLines:F0} B per line for {body.Length / (double)bodyLines:F0} B of body"));
        return 0;
    }

    private static (long Lines, TimeSpan Wall, TimeSpan Cpu, long Allocated, TimeSpan Pause) Measure(
        byte[] body, DrainContext context, EventBatchWriter events, List<DecodeError> errors, double seconds)
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        long allocated0 = GC.GetTotalAllocatedBytes();
        var pause0 = GC.GetTotalPauseDuration();
        var clock = Stopwatch.StartNew();
        long lines = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            for (int i = 0; i < 50; i++)
            {
                events.Clear();
                errors.Clear();
                lines += LogplexDecoder.Decode(body, context, events, errors);
                events.Clear();
            }
        }

        var wall = clock.Elapsed;
        process.Refresh();
        return (lines, wall, process.TotalProcessorTime - cpu0, GC.GetTotalAllocatedBytes() - allocated0, GC.GetTotalPauseDuration() - pause0);
    }
}
