using System.Net.Http.Headers;

namespace Metronome.StatsBench;

/// <summary>ClickHouse over HTTP: statements, streamed inserts and TSV answers split into cells.</summary>
public sealed class ClickHouseClient(string url) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(30) };

    public async Task<string> ExecuteAsync(string sql)
    {
        using var response = await _http.PostAsync("/", new StringContent(sql)).ConfigureAwait(false);
        string body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        return response.IsSuccessStatusCode ? body : throw new InvalidOperationException($"ClickHouse: {body.Trim()}\n{sql}");
    }

    public async Task<List<string[]>> QueryAsync(string sql)
    {
        string body = await ExecuteAsync(sql + "\nFORMAT TabSeparated").ConfigureAwait(false);
        return [.. body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t'))];
    }

    public async Task InsertFileAsync(string table, string ndjsonPath)
    {
        await using var file = File.OpenRead(ndjsonPath);
        using var content = new StreamContent(file, 1 << 20);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        string query = Uri.EscapeDataString($"INSERT INTO {table} FORMAT JSONEachRow");
        using var response = await _http.PostAsync("/?query=" + query, content).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException("ClickHouse insert: " + await response.Content.ReadAsStringAsync().ConfigureAwait(false));
        }
    }

    public void Dispose() => _http.Dispose();
}
