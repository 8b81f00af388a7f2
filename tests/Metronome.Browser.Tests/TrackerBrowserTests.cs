using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

using Metronome.EndToEnd.Tests;

namespace Metronome.Browser.Tests;

/// <summary>
/// The whole path in a real browser: a page on another origin loads metronome.js from the real server,
/// is navigated as a single-page app, a download and an outbound link are clicked and a custom event
/// with revenue is sent; the stats API then reports exactly those events.
/// </summary>
public sealed class TrackerBrowserTests
{
    private const string PageHtml = """
        <!doctype html>
        <html><head><title>Shop</title>
        <script defer data-key="WRITE_KEY" data-allow-localhost src="METRONOME/metronome.js"></script>
        </head><body>
        <h1>Shop</h1>
        <!-- The links do not navigate: the test machine has no network beyond loopback. -->
        <a id="download" href="/files/Annual%20Report.pdf" data-metronome-id="report-2026" onclick="return false">Report (PDF)</a>
        <a id="outbound" href="https://partner.example.org/offer?x=1" onclick="return false">Partner</a>
        </body></html>
        """;

    [Fact]
    public async Task A_page_with_the_tracker_is_counted_exactly()
    {
        string data = Path.Combine(Path.GetTempPath(), "metronome-browser-" + Guid.NewGuid().ToString("N"));
        await using var server = await MetronomeProcess.StartAsync(data);
        try
        {
            using var http = server.CreateClient();
            var (app, writeKey, readKey) = await CreateAppAsync(http, server.AdminToken!);
            await using var site = new TestPageServer(PageHtml.Replace("WRITE_KEY", writeKey, StringComparison.Ordinal)
                .Replace("METRONOME", server.BaseAddress.ToString().TrimEnd('/'), StringComparison.Ordinal));

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await Chromium.LaunchAsync(playwright);
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { UserAgent = Chromium.UserAgent });
            var page = await context.NewPageAsync();

            await page.GotoAsync(site.Url("/shop"));
            await page.WaitForFunctionAsync("typeof window.metronome === 'function'");

            // Hits carry the server's arrival time, so two beacons sent in the same instant may arrive in
            // either order; a person does not navigate within a millisecond of the page load, so wait
            // until the load's pageview is in before navigating (the entry page depends on it).
            string range = $"""["{DateTime.UtcNow.AddDays(-1):yyyy-MM-dd}","{DateTime.UtcNow.AddDays(1):yyyy-MM-dd}"]""";
            var loaded = DateTime.UtcNow.AddSeconds(20);
            while (await ResultsAsync(http, readKey, $$"""{"site_id":"{{app}}","date_range":{{range}},"metrics":["pageviews"]}""") != """[{"metrics":[1],"dimensions":[]}]"""
                && DateTime.UtcNow < loaded)
            {
                await Task.Delay(50);
            }

            await page.EvaluateAsync("history.pushState({}, '', '/app/settings')");
            await page.EvaluateAsync("location.hash = 'billing'");
            await page.WaitForFunctionAsync("location.hash === '#billing'");
            await page.ClickAsync("#download");
            await page.ClickAsync("#outbound");
            await page.EvaluateAsync("new Promise(done => metronome('signup', {props: {plan: 'pro'}, revenue: {amount: 49.5, currency: 'EUR'}, callback: done}))");

            // Beacons are asynchronous: wait until all six events are in.
            var deadline = DateTime.UtcNow.AddSeconds(20);
            string totals;
            do
            {
                totals = await ResultsAsync(http, readKey, $$"""{"site_id":"{{app}}","date_range":{{range}},"metrics":["visitors","visits","pageviews","events","bounce_rate"]}""");
                if (totals == """[{"metrics":[1,1,3,6,0],"dimensions":[]}]""" || DateTime.UtcNow > deadline)
                {
                    break;
                }

                await Task.Delay(200);
            }
            while (true);

            // One visitor, one visit: three pageviews (load, pushState, hash change) and three other events.
            Assert.Equal("""[{"metrics":[1,1,3,6,0],"dimensions":[]}]""", totals);

            Assert.Equal(
                """[{"metrics":[3],"dimensions":["view"]},{"metrics":[1],"dimensions":["download"]},{"metrics":[1],"dimensions":["outbound"]},{"metrics":[1],"dimensions":["signup"]}]""",
                await ResultsAsync(http, readKey, $$"""{"site_id":"{{app}}","date_range":{{range}},"metrics":["events"],"dimensions":["event:name"],"order_by":[["events","desc"],["event:name","asc"]]}"""));

            Assert.Equal(
                """[{"metrics":[2],"dimensions":["/app/settings"]},{"metrics":[1],"dimensions":["/shop"]}]""",
                await ResultsAsync(http, readKey, $$"""{"site_id":"{{app}}","date_range":{{range}},"metrics":["pageviews"],"dimensions":["event:page"],"filters":[["is","event:name",["pageview"]]]}"""));

            Assert.Equal(
                """[{"metrics":[1],"dimensions":["/app/settings","pdf","report-2026"]}]""",
                await ResultsAsync(http, readKey, $$"""{"site_id":"{{app}}","date_range":{{range}},"metrics":["events"],"dimensions":["event:page","event:props:format","event:props:id"],"filters":[["is","event:name",["download"]]]}"""));

            Assert.Equal(
                """[{"metrics":[1],"dimensions":["/app/settings","https://partner.example.org/offer?x=1"]}]""",
                await ResultsAsync(http, readKey, $$"""{"site_id":"{{app}}","date_range":{{range}},"metrics":["events"],"dimensions":["event:page","event:props:url"],"filters":[["is","event:name",["outbound"]]]}"""));

            Assert.Equal(
                """[{"metrics":[1,{"value":49.5,"currency":"EUR","short":"49.5 EUR","long":"49.50 EUR"},100],"dimensions":["pro"]}]""",
                await ResultsAsync(http, readKey, $$"""{"site_id":"{{app}}","date_range":{{range}},"metrics":["visitors","total_revenue","conversion_rate"],"dimensions":["event:props:plan"],"filters":[["is","event:goal",["signup"]]]}"""));

            Assert.Equal(
                """[{"metrics":[1],"dimensions":["/shop","/app/settings","Chrome","Linux","desktop","Direct / None"]}]""",
                await ResultsAsync(http, readKey, $$"""{"site_id":"{{app}}","date_range":{{range}},"metrics":["visits"],"dimensions":["visit:entry_page","visit:exit_page","visit:browser","visit:os","visit:device","visit:source"]}"""));

            Assert.Equal(
                """[{"metrics":[1],"dimensions":["127.0.0.1"]}]""",
                await ResultsAsync(http, readKey, $$"""{"site_id":"{{app}}","date_range":{{range}},"metrics":["visitors"],"dimensions":["event:hostname"],"filters":[["is","event:name",["pageview"]]]}"""));
        }
        finally
        {
            await server.StopAsync();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<(string App, string WriteKey, string ReadKey)> CreateAppAsync(HttpClient http, string adminToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/apps") { Content = JsonContent.Create(new { name = "shop" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("app").GetString()!, body.GetProperty("writeKey").GetString()!, body.GetProperty("readKey").GetString()!);
    }

    private static async Task<string> ResultsAsync(HttpClient http, string readKey, string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v2/query") { Content = new StringContent(query, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", readKey);
        using var response = await http.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{query}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("results").GetRawText();
    }
}
