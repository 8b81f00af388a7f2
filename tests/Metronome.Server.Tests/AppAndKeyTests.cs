using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Metronome.Server.Tests;

public sealed class AppAndKeyTests
{
    [Fact]
    public async Task Keys_can_be_listed_rotated_and_revoked_and_none_is_stored_in_clear_text()
    {
        await using var server = await ServerFixture.StartAsync();
        var keys = (await Admin(server, HttpMethod.Get, $"/api/apps/{server.App}/keys")).EnumerateArray().ToList();
        Assert.Equal(["read", "write"], keys.Select(k => k.GetProperty("kind").GetString()!).Order());
        string readId = keys.Single(k => k.GetProperty("kind").GetString() == "read").GetProperty("id").GetString()!;

        var rotated = await Admin(server, HttpMethod.Post, $"/api/apps/{server.App}/keys/{readId}/rotate");
        string newRead = rotated.GetProperty("key").GetString()!;
        using (var old = await server.Client.GetAsync($"/tock/x.json?key={server.ReadKey}"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
            Assert.Contains("revoked", await old.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var fresh = await server.Client.GetAsync($"/tock/x.json?key={newRead}"))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }

        string writeId = keys.Single(k => k.GetProperty("kind").GetString() == "write").GetProperty("id").GetString()!;
        using (var revoke = await AdminRequest(server, HttpMethod.Delete, $"/api/apps/{server.App}/keys/{writeId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        using (var tick = await server.PostAsync("/tick", """{"id":"x"}"""))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, tick.StatusCode);
        }

        string stored = await File.ReadAllTextAsync(Path.Combine(server.DataDirectory, "apps.json"));
        Assert.DoesNotContain(server.WriteKey, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(newRead, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(server.AdminToken, stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Managing_apps_needs_the_admin_token_and_names_are_checked()
    {
        await using var server = await ServerFixture.StartAsync();
        using (var anonymous = await server.Client.PostAsJsonAsync("/api/apps", new { name = "x" }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using (var withWriteKey = await server.PostAsync("/api/apps", """{"name":"x"}"""))
        {
            Assert.Equal(HttpStatusCode.Forbidden, withWriteKey.StatusCode);
        }

        using (var badName = await AdminRequest(server, HttpMethod.Post, "/api/apps", new { name = "Bad Name!" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
            Assert.Equal("name", JsonDocument.Parse(await badName.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
        }

        using (var duplicate = await AdminRequest(server, HttpMethod.Post, "/api/apps", new { name = server.App }))
        {
            Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        }

        var apps = await Admin(server, HttpMethod.Get, "/api/apps");
        Assert.Equal([server.App], apps.EnumerateArray().Select(a => a.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Health_and_metrics_report_accepted_and_rejected_events_and_latencies()
    {
        await using var server = await ServerFixture.StartAsync();
        (await server.PostAsync("/tick", """[{"id":"a"},{"id":{"x":1}}]""")).Dispose();
        (await server.PostAsync("/tick", """{}""", key: "mw_unknown")).Dispose();
        var health = await server.GetJsonAsync("/healthz");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        string metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Contains("metronome_events_accepted_total{source=\"tick\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("metronome_events_rejected_total{reason=\"invalid_event\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("metronome_events_rejected_total{reason=\"auth\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("metronome_http_request_duration_seconds_count{route=\"/tick\"} 2", metrics, StringComparison.Ordinal);
        Assert.Contains("metronome_store_events 1", metrics, StringComparison.Ordinal);
        Assert.Contains("# TYPE dotnet_gc_collections_total counter", metrics, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^dotnet_gc_collections_total\{generation=""0""\} \d+$", metrics);
        Assert.Matches(@"(?m)^dotnet_gc_allocated_bytes_total [1-9]\d*$", metrics);
    }

    [Fact]
    public async Task Apps_created_offline_while_the_server_runs_work_at_once()
    {
        await using var server = await ServerFixture.StartAsync();
        var offline = Metronome.Server.Apps.AppRegistry.Open(server.DataDirectory).CreateApp("offline");
        server.Clock.Advance(TimeSpan.FromSeconds(2));
        using var tick = await server.PostAsync("/tick", """{"id":"x"}""", key: offline.WriteKey);
        Assert.Equal(HttpStatusCode.Accepted, tick.StatusCode);
    }

    private static async Task<JsonElement> Admin(ServerFixture server, HttpMethod method, string path)
    {
        using var response = await AdminRequest(server, method, path);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static Task<HttpResponseMessage> AdminRequest(ServerFixture server, HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.AdminToken);
        return server.Client.SendAsync(request);
    }
}
