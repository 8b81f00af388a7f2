using System.Globalization;
using System.Reflection;
using Metronome.Bench.Harness;
using Metronome.Storage;

namespace Metronome.Bench.Metronome;

/// <summary>
/// Metronome as a bench target. Load: the real server binary (`dotnet .build/cli/metronome.dll serve`) in
/// a fresh data dir, fed through `POST /tick` in NDJSON batches, then stopped with SIGTERM. Queries: the
/// store opened in-process from that data dir, through <see cref="EventStore.Aggregate"/>.
/// Options: --metronome-cli (default REPO/.build/cli/metronome.dll), --metronome-data (default WORK/metronome),
/// --metronome-batch events per request (10000), --metronome-connections (4), --metronome-q4 native|histogram.
/// </summary>
public sealed class MetronomeTarget : IBenchTarget
{
    public const string TargetName = "metronome";

    private readonly string _serverDll;
    private readonly string _dataDir;
    private readonly int _batchEvents;
    private readonly int _connections;
    private readonly QuantileMode _quantiles;
    private EventStore? _store;
    private StoreQueries? _queries;

    public MetronomeTarget(TargetContext context)
    {
        _serverDll = Path.GetFullPath(context.Option("metronome-cli") ?? Path.Combine(context.RepoRoot, ".build", "cli", "metronome.dll"));
        _dataDir = Path.GetFullPath(context.Option("metronome-data") ?? Path.Combine(context.WorkDir, "metronome"));
        _batchEvents = int.Parse(context.Option("metronome-batch") ?? "10000", CultureInfo.InvariantCulture);
        _connections = int.Parse(context.Option("metronome-connections") ?? "4", CultureInfo.InvariantCulture);
        _quantiles = Enum.Parse<QuantileMode>(context.Option("metronome-q4") ?? nameof(QuantileMode.Native), ignoreCase: true);
    }

    public string Name => TargetName;

    public long PeakRssBytes { get; private set; }

    private string StoreDir => Path.Combine(_dataDir, "store");

    public Task<string> DescribeAsync(CancellationToken ct)
    {
        string version = typeof(EventStore).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
        // The server binary's build time: a shared tree may fall back to an older build (see store-vs-clickhouse.sh).
        string built = File.Exists(_serverDll) ? File.GetLastWriteTimeUtc(_serverDll).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "missing";
        return Task.FromResult($"Metronome {version} (server {Path.GetFileName(_serverDll)} built {built}, .NET {Environment.Version})");
    }

    public async Task<LoadResult> LoadAsync(string ndjsonPath, CancellationToken ct)
    {
        await CloseStoreAsync();
        if (Directory.Exists(_dataDir))
            Directory.Delete(_dataDir, recursive: true);
        Directory.CreateDirectory(_dataDir);

        TickLoadResult load;
        int exitCode;
        await using (var server = await ServerProcess.StartAsync(_serverDll, _dataDir, ct))
        {
            string admin = server.AdminToken ?? throw new InvalidOperationException("the server printed no admin token:\n" + server.Output());
            using var http = TickLoader.CreateClient(server.BaseUri, _connections);
            var loader = new TickLoader(http, new AppKeys(http, admin), _batchEvents, _connections);
            await using (var memory = ProcessMemory.Watch(server.Pid))
            {
                load = await loader.LoadAsync(ndjsonPath, ct);
                PeakRssBytes = await memory.StopAsync();
            }
            exitCode = await server.StopAsync(TimeSpan.FromMinutes(10));
        }

        OpenStore();
        long stored = _store!.GetStatistics().TotalEvents;
        if (stored != load.Accepted)
            throw new InvalidOperationException($"the server acknowledged {load.Accepted:N0} events but the store holds {stored:N0}");
        return new LoadResult(load.Accepted, new FileInfo(ndjsonPath).Length, load.Elapsed,
            $"POST /tick NDJSON, {_batchEvents:N0} events per request, {_connections} keep-alive HTTP/1.1 connections, no gzip; "
            + $"timed from the first send to the last 202 (fsync before each 202); {load.Requests:N0} requests, {load.Retries:N0} retried after 429/503, "
            + $"{load.Rejected:N0} events rejected; server exit code {exitCode} after SIGTERM; queries on the store opened in-process; "
            + $"Q4 quantiles: {(_quantiles == QuantileMode.Histogram ? "floor(l*n) element from a per-value count in the store" : "the store's QuantilesNearestRank (floor(l*n) element)")}");
    }

    public Task CompactAsync(CancellationToken ct)
    {
        var store = _store ?? throw new InvalidOperationException("load first");
        // Seal whatever the server left in the log, then merge until no partition changes any more.
        for (int round = 0, before = -1; round < 20; round++)
        {
            ct.ThrowIfCancellationRequested();
            store.RunMaintenance(force: true);
            int segments = store.GetStatistics().Partitions.Sum(p => p.Segments);
            if (segments == before)
                break;
            before = segments;
        }
        return Task.CompletedTask;
    }

    public Task<long> BytesOnDiskAsync(CancellationToken ct) => Task.FromResult(
        new DirectoryInfo(StoreDir).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length));

    public Task<QueryResult> RunAsync(BenchQuery query, QueryParameters parameters, CancellationToken ct) =>
        Task.FromResult((_queries ?? throw new InvalidOperationException("load first")).Run(query, parameters));

    public async ValueTask DisposeAsync() => await CloseStoreAsync();

    private void OpenStore()
    {
        _store = EventStore.Open(StoreDir, new StoreOptions { MaintenanceInterval = TimeSpan.Zero, SealOnClose = false });
        _queries = new StoreQueries(_store, _quantiles);
    }

    private async Task CloseStoreAsync()
    {
        if (_store is not null)
            await _store.DisposeAsync();
        _store = null;
        _queries = null;
    }
}
