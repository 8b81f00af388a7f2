using System.Diagnostics;
using System.IO.Compression;
using Metronome.Workload;
using Metronome.Workload.SelfCheck;

// metronome-workload: writes the reference workload of issue 3 as NDJSON (see bench/README.md).
if (args is ["--help" or "-h"])
{
    Console.WriteLine(WorkloadOptions.Usage);
    return 0;
}
var options = WorkloadOptions.Parse(args, out string? error);
if (options is null)
{
    Console.Error.WriteLine($"metronome-workload: {error}\n\n{WorkloadOptions.Usage}");
    return 2;
}

var clock = Stopwatch.StartNew();
string? directory = Path.GetDirectoryName(Path.GetFullPath(options.OutPath));
if (directory is not null)
    Directory.CreateDirectory(directory);

var generator = new WorkloadGenerator(options.Seed);
WorkloadTally tally;
using (var file = new FileStream(options.OutPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
using (Stream output = options.Gzip ? new GZipStream(file, CompressionLevel.Fastest) : file)
{
    // Progress once per generated day, only for a person watching a terminal.
    Action<long>? progress = Console.IsErrorRedirected ? null : written => Console.Error.Write($"\r  {written:N0} / {options.Events:N0} events");
    tally = generator.Write(options.Events, output, progress);
    if (progress is not null)
        Console.Error.WriteLine();
}

var meta = WorkloadMeta.From(tally, generator);
meta.WriteTo(WorkloadMeta.PathFor(options.OutPath));
double seconds = clock.Elapsed.TotalSeconds;
Console.WriteLine($"wrote {tally.Events:N0} events to {options.OutPath} in {seconds:F1} s ({tally.Events / Math.Max(seconds, 1e-9):N0} events/s)");
Console.WriteLine($"query parameters: app={meta.LargestApp} ({meta.LargestAppShare:P1}), item={meta.TopItem} ({meta.TopItemViews:N0} views), " +
    $"day={meta.BusyDay:yyyy-MM-dd} ({meta.BusyDayEvents:N0} events), word={meta.Word} ({meta.WordEvents:N0} events) -> {WorkloadMeta.PathFor(options.OutPath)}");

if (!options.SelfCheck)
    return 0;
Console.WriteLine("self-check:");
bool ok = WorkloadSelfCheck.Run(options.OutPath, options.Events, options.Seed, Console.Out);
Console.WriteLine(ok ? "self-check passed" : "self-check FAILED");
return ok ? 0 : 1;
