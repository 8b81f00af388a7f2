using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Metronome.Cli.Commands.Query;

/// <summary>Runs a query on a server through <c>POST /api/search</c>.</summary>
internal static class RemoteQuery
{
    public sealed record Answer(bool Ok, string Body);

    public static async Task<Answer> RunAsync(string url, string key, QuerySpec spec, bool csv, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url.TrimEnd('/') + "/"), Timeout = Timeout.InfiniteTimeSpan };
        var body = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["query"] = spec.Text,
            ["from"] = spec.From,
            ["to"] = spec.To,
            ["tz"] = spec.TimeZone,
            ["vars"] = spec.Variables,
            ["offset"] = spec.Offset,
            ["limit"] = spec.Limit,
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/search") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.Accept.ParseAdd(csv ? "text/csv" : "application/json");
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return new Answer(true, text);
        }

        // Problem bodies carry the code and a message with the position.
        try
        {
            var problem = JsonDocument.Parse(text).RootElement;
            return new Answer(false, $"{problem.GetProperty("code").GetString()}: {problem.GetProperty("detail").GetString()}");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new Answer(false, $"{(int)response.StatusCode} {response.ReasonPhrase}: {text}");
        }
    }
}
