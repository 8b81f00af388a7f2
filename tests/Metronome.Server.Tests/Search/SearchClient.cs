using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Metronome.Server.Tests.Search;

/// <summary>Posts ticks and searches against a <see cref="ServerFixture"/>.</summary>
internal static class SearchClient
{
    public const string From = "2026-11-21T00:00:00Z";
    public const string To = "2026-11-21T12:00:00Z";

    public static async Task PostTicksAsync(ServerFixture server, IEnumerable<object> ticks)
    {
        using var response = await server.PostAsync("/tick", JsonSerializer.Serialize(ticks));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        Assert.Equal(0, JsonDocument.Parse(text).RootElement.GetProperty("rejected").GetInt32());
    }

    public static async Task<HttpResponseMessage> SearchAsync(ServerFixture server, object body, string? accept = null, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/search")
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key ?? server.ReadKey);
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        return await server.Client.SendAsync(request);
    }

    public static async Task<JsonElement> SearchJsonAsync(ServerFixture server, string query, object? vars = null, int? limit = null, int? offset = null, string from = From, string to = To)
    {
        using var response = await SearchAsync(server, new { query, from, to, tz = "UTC", vars, limit, offset });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static List<string> Columns(JsonElement result) =>
        result.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToList();

    public static List<List<string>> Rows(JsonElement result) =>
        result.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.ToString()).ToList()).ToList();
}
