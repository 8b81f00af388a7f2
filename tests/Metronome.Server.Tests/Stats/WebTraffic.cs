using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Metronome.Server.Tests.Stats;

/// <summary>
/// A small, hand-counted day of traffic on 2026-11-20 (the fixture's clock says 2026-11-21 12:00 UTC):
/// <list type="bullet">
/// <item>A (Chrome, Windows): 10:00 /home from Google, 10:05 /pricing, 10:06 signup (plan pro, 10 EUR).</item>
/// <item>B (Firefox, Linux): 11:00 /home, direct; also 2026-11-19 09:00 /home (the previous period).</item>
/// <item>C (Safari, iPhone): 12:00 /pricing from Hacker News, then 13:00 /home, a new visit.</item>
/// <item>Googlebot: 10:00 /home, kept but never counted.</item>
/// </list>
/// </summary>
public static class WebTraffic
{
    public const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
    public const string Firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0";
    public const string IPhone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";
    public const string Googlebot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

    public static async Task PostAsync(ServerFixture server)
    {
        await TickAsync(server, Chrome, """{"ts":"2026-11-20T10:00:00Z","url":"https://blog.example/home","referrer":"https://www.google.com/"}""");
        await TickAsync(server, Chrome, """{"ts":"2026-11-20T10:05:00Z","url":"https://blog.example/pricing","referrer":"https://blog.example/home"}""");
        await TickAsync(server, Chrome, """{"ts":"2026-11-20T10:06:00Z","name":"signup","url":"https://blog.example/pricing","plan":"pro","revenue":10,"currency":"EUR"}""");
        await TickAsync(server, Firefox, """{"ts":"2026-11-20T11:00:00Z","url":"https://blog.example/home"}""");
        await TickAsync(server, Firefox, """{"ts":"2026-11-19T09:00:00Z","url":"https://blog.example/home"}""");
        await TickAsync(server, IPhone, """{"ts":"2026-11-20T12:00:00Z","url":"https://blog.example/pricing","referrer":"https://news.ycombinator.com/item?id=1"}""");
        await TickAsync(server, IPhone, """{"ts":"2026-11-20T13:00:00Z","url":"https://blog.example/home"}""");
        await TickAsync(server, Googlebot, """{"ts":"2026-11-20T10:00:00Z","url":"https://blog.example/home"}""");
    }

    public static async Task TickAsync(ServerFixture server, string userAgent, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/tick") { Content = new StringContent(body, Encoding.UTF8, "text/plain") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.WriteKey);
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>Posts a stats query (the site is the fixture's app unless the body names one) and returns status and body.</summary>
    public static async Task<(int Status, string Body, string? ContentType)> QueryAsync(ServerFixture server, string path, string body, string? key = null, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key ?? server.ReadKey);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await server.Client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>The results of a query that must succeed, as compact JSON for exact comparison.</summary>
    public static async Task<string> ResultsAsync(ServerFixture server, string members)
    {
        var (status, body, _) = await QueryAsync(server, "/api/v2/query", $$"""{"site_id":"{{server.App}}",{{members}}}""");
        Assert.True(status == 200, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("results").GetRawText();
    }
}
