using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Metronome.Bench.Harness;
using Metronome.Bench.Metronome;
using Metronome.Storage;

namespace Metronome.Bench.TickLoad;

/// <summary>The figures of one engine: single events and batches.</summary>
public sealed record EngineLoad(string Engine, LoadFigures Single, LoadFigures Batch, string Notes);

/// <summary>
/// Issue 2's load benchmark. Metronome: the real server on a free loopback port with a fresh data dir,
/// one app, then wrk posting (a) one event per request from N keep-alive connections and (b) NDJSON
/// batches. PostgreSQL: pgbench with the same clients, single-row INSERTs and multi-row INSERTs.
/// Every phase follows a short warm-up run of the same shape. Both engines acknowledge only durable writes.
/// </summary>
public sealed class TickLoadRun(Cli.TickLoadOptions options, string repoRoot, string workDir, TextWriter log)
{
    private TimeSpan Duration => TimeSpan.FromSeconds(options.DurationSeconds);

    private TimeSpan Warmup => TimeSpan.FromSeconds(options.WarmupSeconds);

    public async Task<EngineLoad> RunMetronomeAsync(CancellationToken ct)
    {
        string dll = Path.GetFullPath(options.Cli ?? Path.Combine(repoRoot, ".build", "cli", "metronome.dll"));
        string dataDir = Path.Combine(workDir, "metronome-data");
        if (Directory.Exists(dataDir))
            Directory.Delete(dataDir, recursive: true);
        string singleBody = Write("single.json", TickBodies.SingleEvent());
        string batchBody = Write("batch.ndjson", TickBodies.NdjsonBatch(options.Batch));
        var wrk = new Wrk(Path.Combine(repoRoot, "bench", "tick-load", "post-file.lua"), options.Threads);

        LoadFigures single, batch;
        long acknowledged = 0, peakRss;
        await using (var server = await ServerProcess.StartAsync(dll, dataDir, ct))
        {
            log.WriteLine($"[metronome] server pid {server.Pid} on {server.BaseUri}");
            using var http = new HttpClient { BaseAddress = server.BaseUri };
            string key = await new AppKeys(http, server.AdminToken ?? throw new InvalidOperationException("no admin token printed"))
                .WriteKeyAsync("load", ct);
            await CheckOneTickAsync(http, key, singleBody, ct);
            var url = new Uri(server.BaseUri, "tick");

            await using (var memory = ProcessMemory.Watch(server.Pid))
            {
                async Task<LoadFigures> Phase(string what, string body, string type, int connections, int perRequest)
                {
                    if (Warmup > TimeSpan.Zero)
                        acknowledged += Acknowledged(await wrk.PostAsync(url, body, key, type, connections, Warmup, perRequest, ct));
                    var figures = await wrk.PostAsync(url, body, key, type, connections, Duration, perRequest, ct);
                    acknowledged += Acknowledged(figures);
                    log.WriteLine($"[metronome] {what}: {Describe(figures)}");
                    return figures;
                }

                single = await Phase("single events", singleBody, "application/json", options.Connections, 1);
                batch = await Phase($"batches of {options.Batch:N0}", batchBody, "application/x-ndjson", options.BatchConnections, options.Batch);
                peakRss = await memory.StopAsync();
            }
            await server.StopAsync(TimeSpan.FromMinutes(5));
        }

        // Durability check: after SIGTERM, the store holds at least every event wrk saw acknowledged.
        long stored;
        await using (var store = EventStore.Open(Path.Combine(dataDir, "store"), new StoreOptions { MaintenanceInterval = TimeSpan.Zero, SealOnClose = false }))
            stored = store.GetStatistics().TotalEvents;
        if (stored < acknowledged)
            throw new InvalidOperationException($"wrk saw {acknowledged:N0} events acknowledged but the store holds {stored:N0}");
        return new EngineLoad("metronome", single, batch,
            $"server `dotnet metronome.dll serve` (Release, built {File.GetLastWriteTimeUtc(dll):yyyy-MM-dd HH:mm} UTC), fresh data dir; wrk -t{options.Threads} with keep-alive; "
            + $"peak RSS {peakRss / (1024.0 * 1024):N0} MiB; after SIGTERM the store held {stored:N0} events, "
            + $"at least the {acknowledged:N0} acknowledged (responses still in flight when wrk stopped may add a few)");
    }

    public async Task<EngineLoad> RunPostgresAsync(int port, CancellationToken ct)
    {
        string psql = Path.Combine(options.PostgresBin, "psql");
        string[] connect = ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-U", options.PostgresUser, "-X", "-q", "-v", "ON_ERROR_STOP=1"];
        await ToolProcess.RunCheckedAsync(psql, [.. connect, "-c", TickBodies.CreateTable], ct);
        string settings = (await ToolProcess.RunCheckedAsync(psql, [.. connect, "-At", "-c",
            "SELECT split_part(version(), ' on ', 1) || '; fsync=' || current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit') || ', wal_sync_method=' || current_setting('wal_sync_method')"], ct)).Trim();
        string singleScript = Write("pg-single.sql", TickBodies.SingleInsert());
        string batchScript = Write("pg-batch.sql", TickBodies.BatchInsert(options.Batch));
        var pgbench = new Pgbench(options.PostgresBin, "127.0.0.1", port, options.PostgresUser, "postgres", options.Threads);
        string logs = Path.Combine(workDir, "pgbench-logs");

        async Task<LoadFigures> Phase(string what, string script, int clients, int perTransaction)
        {
            if (Warmup > TimeSpan.Zero)
                await pgbench.RunAsync(script, clients, Warmup, perTransaction, logs, ct);
            var figures = await pgbench.RunAsync(script, clients, Duration, perTransaction, logs, ct);
            log.WriteLine($"[postgresql] {what}: {Describe(figures)}");
            return figures;
        }

        var single = await Phase("single-row INSERTs", singleScript, options.Connections, 1);
        var batch = await Phase($"{options.Batch:N0}-row INSERTs", batchScript, options.BatchConnections, options.Batch);
        string rows = (await ToolProcess.RunCheckedAsync(psql, [.. connect, "-At", "-c", "SELECT count(*) FROM events"], ct)).Trim();
        return new EngineLoad("postgresql", single, batch,
            $"{settings}; private cluster on 127.0.0.1:{port} (scripts/postgres.sh), table events(app text, name text, ts timestamptz, props jsonb), "
            + $"no index; pgbench -n -j {options.Threads} over TCP, autocommit (one transaction per INSERT); {long.Parse(rows, CultureInfo.InvariantCulture):N0} rows at the end");
    }

    public static string Describe(LoadFigures f) =>
        $"{f.RequestsPerSecond:N0} requests/s, {f.AcceptedPerSecond:N0} accepted ({f.EventsPerSecond:N0} events/s), p50 {f.P50Ms:F2} ms, p99 {f.P99Ms:F2} ms, {f.Requests:N0} requests, {f.Failures:N0} failures";

    private static long Acknowledged(LoadFigures f) => Math.Max(0, f.Requests - f.Failures) * f.EventsPerRequest;

    /// <summary>One request by hand first, so a refused tick fails the run with the server's reason instead of as wrk's error count.</summary>
    private static async Task CheckOneTickAsync(HttpClient http, string key, string bodyFile, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "tick")
        {
            Content = new StringContent(await File.ReadAllTextAsync(bodyFile, ct), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request, ct);
        if ((int)response.StatusCode != 202)
            throw new InvalidOperationException($"POST /tick answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
    }

    private string Write(string name, string content)
    {
        string path = Path.Combine(workDir, name);
        File.WriteAllText(path, content);
        return path;
    }
}
