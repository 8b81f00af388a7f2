using System.Net.Http.Headers;
using System.Text;
using Metronome.Bench.Harness;

namespace Metronome.Bench.ClickHouse;

/// <summary>
/// The little of ClickHouse's HTTP interface the bench needs (no client library exists here): run a
/// statement, read a TabSeparatedWithNames result, stream a file into an INSERT. Works with 18.16.
/// </summary>
public sealed class ClickHouseHttp : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _database;

    public ClickHouseHttp(Uri baseUri, string database)
    {
        _http = new HttpClient { BaseAddress = baseUri, Timeout = Timeout.InfiniteTimeSpan };
        _database = database;
    }

    /// <summary>Runs a statement without a database (for CREATE DATABASE) or in the bench database.</summary>
    public async Task<string> ExecuteAsync(string sql, CancellationToken ct, bool inDatabase = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, inDatabase ? $"?database={Uri.EscapeDataString(_database)}" : "")
        {
            Content = new StringContent(sql, Encoding.UTF8, "text/plain"),
        };
        return await SendAsync(request, sql, ct);
    }

    /// <summary>Runs a SELECT and parses its rows.</summary>
    public async Task<ResultTable> QueryAsync(string sql, CancellationToken ct)
    {
        string body = await ExecuteAsync(sql.TrimEnd().TrimEnd(';') + "\nFORMAT TabSeparatedWithNames", ct);
        return TabSeparated.Parse(body);
    }

    public async Task<string> ScalarAsync(string sql, CancellationToken ct) => (await ExecuteAsync(sql, ct)).TrimEnd('\n');

    /// <summary>Streams a file as the body of `INSERT INTO table FORMAT format` and returns when the server has committed it.</summary>
    public async Task InsertFileAsync(string table, string format, string path, CancellationToken ct)
    {
        string query = $"INSERT INTO {table} FORMAT {format}";
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan | FileOptions.Asynchronous);
        using var content = new StreamContent(file, 1 << 20);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Post,
            $"?database={Uri.EscapeDataString(_database)}&query={Uri.EscapeDataString(query)}") { Content = content };
        await SendAsync(request, query, ct);
    }

    private async Task<string> SendAsync(HttpRequestMessage request, string what, CancellationToken ct)
    {
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        string body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new ClickHouseException($"ClickHouse answered {(int)response.StatusCode} to {FirstLine(what)}: {body.Trim()}");
        return body;
    }

    private static string FirstLine(string sql)
    {
        string line = sql.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(l => !l.StartsWith("--", StringComparison.Ordinal)) ?? sql;
        return line.Length > 120 ? line[..120] + "..." : line;
    }

    public void Dispose() => _http.Dispose();
}

public sealed class ClickHouseException(string message) : Exception(message);
