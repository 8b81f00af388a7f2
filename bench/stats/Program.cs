using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Metronome.Storage;
using Metronome.StatsBench;

// metronome-stats-bench: the stats API (in-process, over an embedded store loaded from the reference
// workload) against ClickHouse's equivalent SQL. bench/stats/run.sh starts ClickHouse and runs this.
var options = Options.Parse(args);
string app = File.Exists(options.Events + ".meta.json")
    ? JsonDocument.Parse(File.ReadAllText(options.Events + ".meta.json")).RootElement.GetProperty("largestApp").GetString()!
    : "app00";
Directory.CreateDirectory(options.Work);
string storeDir = Path.Combine(options.Work, "store");
string rowsFile = Path.Combine(options.Work, "clickhouse-rows.ndjson");
string marker = Path.Combine(options.Work, "loaded.txt");
string source = $"{Path.GetFullPath(options.Events)} {new FileInfo(options.Events).Length}";
string loadAverageBefore = MachineFacts.LoadAverage();

// 1. Metronome's store: loaded once per workload file and kept for later runs.
double? loadSeconds = null;
if (options.Reload || !File.Exists(marker) || File.ReadAllText(marker) != source)
{
    if (Directory.Exists(storeDir))
    {
        Directory.Delete(storeDir, recursive: true);
    }

    File.Delete(marker);
    var watch = Stopwatch.StartNew();
    await using (var loading = EventStore.Open(storeDir, new StoreOptions { MaintenanceInterval = TimeSpan.Zero }))
    {
        var loader = new WorkloadLoader(app);
        await loader.LoadAsync(options.Events, loading, rowsFile);
        int segments = -1;
        while (loading.GetStatistics().Partitions.Sum(p => p.Segments) is var now && now != segments)
        {
            segments = now;
            loading.RunMaintenance(force: true);
        }

        Console.WriteLine($"loaded {loader.Loaded:N0} web events of {app} into Metronome in {watch.Elapsed.TotalSeconds:0.0} s");
    }

    loadSeconds = watch.Elapsed.TotalSeconds;
    File.WriteAllText(marker, source);
}

await using var store = EventStore.Open(storeDir, new StoreOptions { MaintenanceInterval = TimeSpan.Zero });
long events = store.GetStatistics().TotalEvents;

// 2. ClickHouse: the same rows.
using var clickHouse = new ClickHouseClient(options.ClickHouseUrl);
string SqlOf(string file) => File.ReadAllText(Path.Combine(options.SqlDir, file));
long clickHouseRows = long.TryParse((await clickHouse.ExecuteAsync("EXISTS TABLE stats_events")).Trim(), out long exists) && exists == 1
    ? long.Parse((await clickHouse.ExecuteAsync("SELECT count() FROM stats_events")).Trim(), CultureInfo.InvariantCulture)
    : -1;
if (clickHouseRows != events)
{
    await clickHouse.ExecuteAsync("DROP TABLE IF EXISTS stats_events");
    await clickHouse.ExecuteAsync(SqlOf("schema.sql"));
    await clickHouse.InsertFileAsync("stats_events", rowsFile);
    await clickHouse.ExecuteAsync("OPTIMIZE TABLE stats_events FINAL");
    clickHouseRows = long.Parse((await clickHouse.ExecuteAsync("SELECT count() FROM stats_events")).Trim(), CultureInfo.InvariantCulture);
}

Console.WriteLine($"{events:N0} events in Metronome, {clickHouseRows:N0} rows in ClickHouse");
string clickHouseVersion = (await clickHouse.ExecuteAsync("SELECT version()")).Trim();

// 3. Each query: once to warm up, then the median of --runs, Metronome then ClickHouse (never both at once).
var queries = new StatsBenchQueries(store, app, new DateTimeOffset(2026, 10, 31, 0, 0, 0, TimeSpan.Zero));
var period = queries.Period();
var results = new List<(StatsBenchQuery Query, string Path, double Metronome, double ClickHouse, double? MetronomeCpu, double? ClickHouseCpu, List<string[]> Mine, List<string[]> Theirs)>();
foreach (var query in StatsBenchQueries.All.Where(q => options.Only is null || q.Name.Contains(options.Only, StringComparison.OrdinalIgnoreCase)))
{
    string sql = SqlOf(query.SqlFile)
        .Replace("{start_ms}", (period.FromUs / 1000).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{end_ms}", (period.ToUs / 1000).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    var (mine, metronome, metronomeCpu) = Median(options.Runs, () => queries.Run(query), () => ProcessCpu.Self());
    var (theirs, ch, chCpu) = Median(options.Runs, () => clickHouse.QueryAsync(sql).GetAwaiter().GetResult(), () => options.ClickHousePid is { } pid ? ProcessCpu.Of(pid) : null);
    if (query.IsFunnel)
    {
        theirs = StatsBenchQueries.FunnelRows(theirs);
    }

    results.Add((query, queries.LastPath, metronome, ch, metronomeCpu, chCpu, mine, theirs));
    Console.WriteLine($"{query.Name,-18} metronome {metronome * 1000,9:0.0} ms ({queries.LastPath})  clickhouse {ch * 1000,9:0.0} ms  ratio {metronome / ch:0.00}"
        + $"  CPU {Ms(metronomeCpu)} / {Ms(chCpu)} ms  {(Same(mine, theirs) ? "rows match" : "MISMATCH")}");
}

// 4. The report.
var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"# Stats API vs ClickHouse, {DateTime.UtcNow:yyyy-MM-dd}");
report.AppendLine();
report.AppendLine("`bench/stats/run.sh` (see bench/README.md, \"Stats API vs ClickHouse\"). Medians of "
    + $"{options.Runs} runs after one warm-up, Metronome's in-process stats service over the embedded store, ClickHouse over HTTP; the ratio is Metronome/ClickHouse (goal: at most 1). "
    + "CPU is the median CPU time per run of the bench process (Metronome) and of the ClickHouse server (from /proc, 10 ms ticks): steadier than wall time when other work shares the machine.");
report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"- workload: `{Path.GetFileName(options.Events)}`, app `{app}`: {events:N0} web events in both engines{(loadSeconds is { } s ? $" (Metronome load with enrichment and compaction: {s:0} s)" : "")}");
report.AppendLine(CultureInfo.InvariantCulture, $"- machine: {MachineFacts.Cpu()}, {Environment.ProcessorCount} cores, {MachineFacts.MemoryGiB()} RAM, {MachineFacts.Os()}");
report.AppendLine(CultureInfo.InvariantCulture, $"- engines: ClickHouse {clickHouseVersion}; Metronome commit {options.Commit} on {RuntimeInformation.FrameworkDescription}");
report.AppendLine(CultureInfo.InvariantCulture, $"- load average (1/5/15 min) before: {loadAverageBefore}, after: {MachineFacts.LoadAverage()} (the machine is shared)");
report.AppendLine();
report.AppendLine("| query | Metronome ms | path | ClickHouse ms | ratio | Metronome CPU ms | ClickHouse CPU ms | CPU ratio | rows |");
report.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|---|");
foreach (var r in results)
{
    string cpuRatio = r.MetronomeCpu is { } a && r.ClickHouseCpu is { } b && b > 0 ? (a / b).ToString("0.00", CultureInfo.InvariantCulture) : "?";
    report.AppendLine(CultureInfo.InvariantCulture, $"| {r.Query.Name} | {r.Metronome * 1000:0.0} | {r.Path} | {r.ClickHouse * 1000:0.0} | {r.Metronome / r.ClickHouse:0.00} | {Ms(r.MetronomeCpu)} | {Ms(r.ClickHouseCpu)} | {cpuRatio} | {(Same(r.Mine, r.Theirs) ? "match" : "MISMATCH")} |");
}

foreach (var r in results)
{
    report.AppendLine();
    report.AppendLine(CultureInfo.InvariantCulture, $"## {r.Query.Name}");
    report.AppendLine();
    report.AppendLine(CultureInfo.InvariantCulture, $"Request members: `{r.Query.Request.Trim()}`; SQL: `bench/stats/sql/{r.Query.SqlFile}`.");
    report.AppendLine();
    report.AppendLine("```");
    foreach (var (row, i) in r.Mine.Select((row, i) => (row, i)))
    {
        string theirs = i < r.Theirs.Count ? string.Join('\t', r.Theirs[i]) : "(none)";
        string mine = string.Join('\t', row);
        report.AppendLine(mine == theirs ? mine : $"{mine}   <> ClickHouse: {theirs}");
    }

    report.AppendLine("```");
}

Directory.CreateDirectory(options.ReportDir);
string reportPath = Path.Combine(options.ReportDir, $"stats-vs-clickhouse-{DateTime.UtcNow:yyyy-MM-dd}.md");
File.WriteAllText(reportPath, report.ToString());
Console.WriteLine("report: " + reportPath);
return results.All(r => Same(r.Mine, r.Theirs)) ? 0 : 1;

// The median wall time of the runs after a warm-up, and the median CPU time per run when cpu() can tell.
static (T Result, double Seconds, double? CpuSeconds) Median<T>(int runs, Func<T> run, Func<TimeSpan?> cpu)
{
    var result = run();
    var times = new List<double>();
    var cpus = new List<double>();
    for (int i = 0; i < runs; i++)
    {
        var cpuBefore = cpu();
        var watch = Stopwatch.StartNew();
        result = run();
        times.Add(watch.Elapsed.TotalSeconds);
        if (cpuBefore is { } before && cpu() is { } after)
        {
            cpus.Add((after - before).TotalSeconds);
        }
    }

    times.Sort();
    cpus.Sort();
    return (result, times[times.Count / 2], cpus.Count == runs ? cpus[cpus.Count / 2] : null);
}

static string Ms(double? seconds) => seconds is { } s ? (s * 1000).ToString("0", CultureInfo.InvariantCulture) : "?";

static bool Same(List<string[]> a, List<string[]> b) => a.Count == b.Count && a.Zip(b).All(p => p.First.SequenceEqual(p.Second));

internal sealed record Options(string Events, string Work, string ClickHouseUrl, int Runs, string ReportDir, string SqlDir, bool Reload, string? Only, string Commit, int? ClickHousePid)
{
    public static Options Parse(string[] args)
    {
        string Value(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        return new Options(
            Value("--events", "bench/results/tmp/workload-10000000-seed42.ndjson"),
            Value("--work", "bench/results/tmp/stats"),
            Value("--clickhouse-url", "http://127.0.0.1:18223"),
            int.Parse(Value("--runs", "5"), CultureInfo.InvariantCulture),
            Value("--report-dir", "bench/results"),
            Value("--sql", "bench/stats/sql"),
            args.Contains("--reload"),
            Array.IndexOf(args, "--only") is var o and >= 0 ? args[o + 1] : null,
            Value("--commit", "?"),
            int.TryParse(Value("--clickhouse-pid", ""), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? pid : null);
    }
}
