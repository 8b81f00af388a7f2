using System.Net.Http.Headers;
using System.Net.Http.Json;
using Metronome.Server.Hosting;
using Metronome.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Metronome.Server.Tests;

public sealed class RetentionTests
{
    [Fact]
    public async Task An_apps_retention_set_through_the_api_drops_its_old_days()
    {
        await using var server = await ServerFixture.StartAsync();
        (await server.PostAsync("/tick", """[{"id":"i","ts":"2026-11-01T12:00:00Z"},{"id":"i","ts":"2026-11-20T12:00:00Z"}]""")).Dispose();
        var store = server.Services.GetRequiredService<EventStore>();
        store.RunMaintenance(force: true);

        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/apps/{server.App}/retention") { Content = JsonContent.Create(new { days = 7 }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.AdminToken);
        (await server.Client.SendAsync(request)).EnsureSuccessStatusCode();

        Assert.Equal(1, server.Services.GetRequiredService<RetentionService>().RunOnce());
        var views = (await server.GetJsonAsync($"/tock/i.json?key={server.ReadKey}&from=2026-11-01&to=2026-11-21")).GetProperty("views");
        Assert.Equal(0, views.GetProperty("2026-11-01").GetInt64());
        Assert.Equal(1, views.GetProperty("2026-11-20").GetInt64());
    }
}
