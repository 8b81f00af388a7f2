using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Metronome.EndToEnd.Tests;

public sealed class ServerLifecycleTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "metronome-e2e-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Create_app_tick_tock_restart_and_crash_give_the_same_numbers()
    {
        var (code, output, error) = await CliRunner.RunAsync("apps", "create", "maps", "--json", "--data", _data);
        Assert.True(code == 0, error);
        var keys = JsonDocument.Parse(output).RootElement;
        Assert.Equal("maps", keys.GetProperty("app").GetString());
        string write = keys.GetProperty("writeKey").GetString()!;
        string read = keys.GetProperty("readKey").GetString()!;
        string today = DateTime.UtcNow.ToString("yyyy-MM-dd");

        string first;
        await using (var server = await MetronomeProcess.StartAsync(_data))
        {
            Assert.NotNull(server.AdminToken);
            using var client = server.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", write);
            using var tick = await client.PostAsync("/tick", new StringContent("""
                [{"id":"roads","referrer":"https://www.arcgis.com/"},{"id":"roads","name":"download","format":"kml"},{"id":"roads"}]
                """, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Accepted, tick.StatusCode);
            client.DefaultRequestHeaders.Authorization = null;
            first = await client.GetStringAsync($"/tock/roads.json?key={read}");
            var tock = JsonDocument.Parse(first).RootElement;
            Assert.Equal(2, tock.GetProperty("views").GetProperty(today).GetInt64());
            Assert.Equal(1, tock.GetProperty("downloads").GetProperty("kml").GetInt64());
            Assert.Equal(1, tock.GetProperty("referers").GetProperty("arcgis.com").GetInt64());
            await server.StopAsync();
        }

        await using (var server = await MetronomeProcess.StartAsync(_data))
        {
            Assert.Null(server.AdminToken); // printed once, on the first start only
            using var client = server.CreateClient();
            Assert.Equal(first, await client.GetStringAsync($"/tock/roads.json?key={read}"));
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", write);
            using var tick = await client.PostAsync("/tick", new StringContent("""{"id":"roads"}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Accepted, tick.StatusCode);
            server.Kill();
        }

        await using (var server = await MetronomeProcess.StartAsync(_data))
        {
            using var client = server.CreateClient();
            var tock = JsonDocument.Parse(await client.GetStringAsync($"/tock/roads.json?key={read}")).RootElement;
            Assert.Equal(3, tock.GetProperty("views").GetProperty(today).GetInt64());
        }

        var stats = await CliRunner.RunAsync("store", "stats", "--json", "--data", _data);
        Assert.True(stats.ExitCode == 0, stats.Error);
        Assert.Equal(4, JsonDocument.Parse(stats.Output).RootElement.GetProperty("totalEvents").GetInt64());
        var verify = await CliRunner.RunAsync("store", "verify", "--data", _data);
        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
