using System.Diagnostics;
using System.Globalization;
using Metronome.Bench.Harness;

namespace Metronome.Bench.ClickHouse;

/// <summary>
/// ClickHouse as a bench target, over HTTP on 127.0.0.1, using the server scripts/clickhouse.sh started.
/// Schema and queries are the SQL files in bench/queries/clickhouse/.
/// Options: --clickhouse-url (default http://127.0.0.1:18123/), --clickhouse-dir (the script's DIR, for the
/// server's pid; default WORK/clickhouse).
/// </summary>
public sealed class ClickHouseTarget : IBenchTarget
{
    public const string TargetName = "clickhouse";
    private const string Database = "metronome_bench";
    private const string Table = "events";

    private readonly ClickHouseHttp _http;
    private readonly string _serverDir;
    private readonly string _sqlDir;
    private readonly Dictionary<string, string[]> _statements = new(StringComparer.Ordinal);

    public ClickHouseTarget(Uri url, string serverDir, string sqlDir)
    {
        _http = new ClickHouseHttp(url, Database);
        _serverDir = serverDir;
        _sqlDir = sqlDir;
    }

    public static IBenchTarget Create(TargetContext context) => new ClickHouseTarget(
        new Uri(context.Option("clickhouse-url") ?? "http://127.0.0.1:18123/"),
        context.Option("clickhouse-dir") ?? Path.Combine(context.WorkDir, "clickhouse"),
        Path.Combine(context.QueriesDir, "clickhouse"));

    public string Name => TargetName;

    public long PeakRssBytes { get; private set; }

    public async Task<string> DescribeAsync(CancellationToken ct) =>
        $"ClickHouse {(await _http.ExecuteAsync("SELECT version()", ct, inDatabase: false)).Trim()}";

    public async Task<LoadResult> LoadAsync(string ndjsonPath, CancellationToken ct)
    {
        await _http.ExecuteAsync($"CREATE DATABASE IF NOT EXISTS {Database}", ct, inDatabase: false);
        await _http.ExecuteAsync($"DROP TABLE IF EXISTS {Table}", ct);
        foreach (string statement in Statements("schema"))
            await _http.ExecuteAsync(statement, ct);

        int? pid = ServerPid();
        ProcessMemory? memory = pid is { } p ? ProcessMemory.Watch(p) : null;
        var clock = Stopwatch.StartNew();
        try
        {
            await _http.InsertFileAsync(Table, "JSONEachRow", ndjsonPath, ct);
        }
        finally
        {
            if (memory is not null)
            {
                PeakRssBytes = await memory.StopAsync();
                await memory.DisposeAsync();
            }
        }
        TimeSpan elapsed = clock.Elapsed;

        long events = long.Parse(await _http.ScalarAsync($"SELECT count() FROM {Table}", ct), CultureInfo.InvariantCulture);
        string parts = await _http.ScalarAsync($"SELECT count() FROM system.parts WHERE active AND database = '{Database}' AND table = '{Table}'", ct);
        return new LoadResult(events, new FileInfo(ndjsonPath).Length, elapsed,
            $"one streamed INSERT ... FORMAT JSONEachRow over HTTP; {parts} parts right after; no fsync (ClickHouse default)"
            + (pid is null ? $"; peak RSS unknown (no pid file in {_serverDir})" : ""));
    }

    public async Task CompactAsync(CancellationToken ct) =>
        await _http.ExecuteAsync($"OPTIMIZE TABLE {Table} FINAL", ct);

    public async Task<long> BytesOnDiskAsync(CancellationToken ct) => long.Parse(
        await _http.ScalarAsync($"SELECT sum(bytes_on_disk) FROM system.parts WHERE active AND database = '{Database}' AND table = '{Table}'", ct),
        CultureInfo.InvariantCulture);

    public async Task<QueryResult> RunAsync(BenchQuery query, QueryParameters parameters, CancellationToken ct)
    {
        var tables = new List<ResultTable>();
        foreach (string statement in Statements(query.FileStem))
            tables.Add(await _http.QueryAsync(parameters.Substitute(statement), ct));
        return new QueryResult(tables);
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The statements of one SQL file, read once: comment lines dropped, split at a ';' that ends a line.</summary>
    private string[] Statements(string stem)
    {
        if (!_statements.TryGetValue(stem, out string[]? statements))
        {
            string path = Path.Combine(_sqlDir, stem + ".sql");
            var lines = File.ReadAllLines(path).Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal));
            statements = string.Join('\n', lines)
                .Split(";\n")
                .Select(s => s.Trim().TrimEnd(';').Trim())
                .Where(s => s.Length > 0)
                .ToArray();
            if (statements.Length == 0)
                throw new InvalidOperationException($"{path} holds no statement");
            _statements[stem] = statements;
        }
        return statements;
    }

    private int? ServerPid()
    {
        string pidFile = Path.Combine(_serverDir, "clickhouse.pid");
        return File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out int pid) ? pid : null;
    }
}
