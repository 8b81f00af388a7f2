using System.Globalization;
using Metronome.Query.Sources;
using Metronome.QueryBench;

// metronome-query-bench [--lines N] [--events N] [--stored-lines N] [--runs N] [--only regex|stored-regex|store] [--parallelism N] [--query I]
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    options[args[i].TrimStart('-')] = args[i + 1];
}

long lines = long.Parse(options.GetValueOrDefault("lines", "4000000"), CultureInfo.InvariantCulture);
int events = int.Parse(options.GetValueOrDefault("events", "2000000"), CultureInfo.InvariantCulture);
int? query = options.TryGetValue("query", out var q) ? int.Parse(q, CultureInfo.InvariantCulture) : null;
long storedLines = long.Parse(options.GetValueOrDefault("stored-lines", "1000000"), CultureInfo.InvariantCulture);
int runs = int.Parse(options.GetValueOrDefault("runs", "3"), CultureInfo.InvariantCulture);
string only = options.GetValueOrDefault("only", "");
int parallelism = int.Parse(options.GetValueOrDefault("parallelism", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");

if (only is "" or "regex")
{
    Console.WriteLine($"\n## parse over {lines:N0} router lines (engine only, in-memory source, {parallelism} thread(s))\n");
    RegexBench.Run(new RouterLineSource(lines, RegexBench.Start), lines, runs, parallelism, query);
}

if (only is "" or "stored-regex")
{
    var directory = Path.Combine(Path.GetTempPath(), "metronome-query-bench-" + Guid.NewGuid().ToString("N"));
    try
    {
        Console.WriteLine($"\n## parse over {storedLines:N0} router lines read from the store ({parallelism} thread(s))\n");
        await using var store = await StoredRouterLines.BuildAsync(directory, storedLines, RegexBench.Start);
        RegexBench.Run(new StoreEventSource(store), storedLines, runs, parallelism, query);
    }
    finally
    {
        Directory.Delete(directory, recursive: true);
    }
}

if (only is "" or "store")
{
    var directory = Path.Combine(Path.GetTempPath(), "metronome-query-bench-" + Guid.NewGuid().ToString("N"));
    try
    {
        Console.WriteLine($"\n## Q1-Q7: pipeline vs the store's Aggregate, {events:N0} events\n");
        await using var store = await StoreWorkload.BuildAsync(directory, events);
        PipelineVsStore.Run(store, runs);
    }
    finally
    {
        Directory.Delete(directory, recursive: true);
    }
}
