using System.Diagnostics;
using Metronome.Query.Execution;
using Metronome.Query.Sources;

namespace Metronome.QueryBench;

/// <summary><c>parse regex</c> over N router lines through the whole engine (load rows, parse, count).</summary>
internal static class RegexBench
{
    public static readonly string[] Queries =
    [
        """* | parse regex "service=(?<service>\d+)ms" | count""",
        """* | parse regex "dyno=(?<dyno>\S+) connect=(?<connect>\d+)ms service=(?<service>\d+)ms status=(?<status>\d+)" | count by status""",
        """* | parse "service=*ms" as service | count""",
        // The Heroku app's lookahead style: a lazy run up to a lookahead, also answered without the regex engine.
        """* | parse regex "dyno=(?<dyno>.*?(?= )) connect=(?<connect>\d+)ms service=(?<service>\d+)ms status=(?<status>\d+)" | count by status""",
    ];

    public static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Over <paramref name="source"/>, which holds exactly <paramref name="lines"/> router lines of app "bench".</summary>
    public static void Run(IEventSource source, long lines, int runs, int parallelism, int? only = null)
    {
        var start = Start;
        Console.WriteLine($"| query | lines | median wall s | lines/s (wall) | lines per CPU-second |");
        Console.WriteLine($"|---|---:|---:|---:|---:|");
        foreach (var query in Queries.Where((_, i) => only is null || only == i))
        {
            var request = new QueryRequest { Query = query, App = "bench", From = start, To = start.AddYears(1), MaxParallelism = parallelism };
            var times = new List<double>();
            var cpu = new List<double>();
            for (var r = 0; r <= runs; r++)
            {
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                var result = QueryEngine.ExecuteAsync(request, source).GetAwaiter().GetResult();
                watch.Stop();
                if (r > 0)
                {
                    times.Add(watch.Elapsed.TotalSeconds);
                    cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds);
                }

                if (result.Stats.Scanned != lines)
                {
                    throw new InvalidOperationException($"scanned {result.Stats.Scanned} of {lines}");
                }
            }

            var median = times.Order().ElementAt(times.Count / 2);
            var cpuMedian = cpu.Order().ElementAt(cpu.Count / 2);
            Console.WriteLine($"| `{query.Replace("|", "\\|", StringComparison.Ordinal)}` | {lines:N0} | {median:F2} | {lines / median:N0} | {lines / cpuMedian:N0} |");
        }
    }
}
