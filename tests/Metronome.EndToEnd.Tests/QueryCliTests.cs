using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Metronome.EndToEnd.Tests;

/// <summary><c>metronome query</c> against a running server and, once it stopped, against the data directory.</summary>
public sealed class QueryCliTests : IDisposable
{
    private const string Ticks = """
        [{"name":"router","_sourcecategory":"heroku","dyno":"web.1","status":200,"_raw":"at=info dyno=web.1 status=200"},
         {"name":"router","_sourcecategory":"heroku","dyno":"web.2","status":503,"_raw":"at=error code=H12 dyno=web.2 status=503"},
         {"name":"router","_sourcecategory":"heroku","dyno":"web.1","status":200,"_raw":"at=info dyno=web.1 status=200"}]
        """;

    private readonly string _data = Path.Combine(Path.GetTempPath(), "metronome-e2e-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Query_prints_tables_json_and_csv_from_a_server_and_from_the_data_directory()
    {
        var (code, output, error) = await CliRunner.RunAsync("apps", "create", "shop", "--json", "--data", _data);
        Assert.True(code == 0, error);
        var keys = JsonDocument.Parse(output).RootElement;
        string read = keys.GetProperty("readKey").GetString()!;

        await using (var server = await MetronomeProcess.StartAsync(_data))
        {
            using var client = server.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", keys.GetProperty("writeKey").GetString()!);
            using var tick = await client.PostAsync("/tick", new StringContent(Ticks, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Accepted, tick.StatusCode);

            var url = server.BaseAddress.ToString();
            var csv = await CliRunner.RunAsync("query", "name=router | count by dyno | sort by dyno asc", "--format", "csv", "--server", url, "--key", read);
            Assert.True(csv.ExitCode == 0, csv.Error);
            Assert.Equal("dyno,_count\r\nweb.1,2\r\nweb.2,1\r\n", csv.Output);

            var raw = await CliRunner.RunAsync("query", "error", "--server", url, "--key", read, "--from", "-1h", "--format", "json");
            Assert.True(raw.ExitCode == 0, raw.Error);
            Assert.Contains("at=error code=H12", JsonDocument.Parse(raw.Output).RootElement.GetProperty("rows")[0][1].GetString(), StringComparison.Ordinal);

            var table = await CliRunner.RunAsync("query", "* | count by status", "--server", url, "--key", read);
            Assert.True(table.ExitCode == 0, table.Error);
            Assert.Contains("503", table.Output, StringComparison.Ordinal);
            Assert.Contains("2 of 2 rows", table.Output, StringComparison.Ordinal);

            var bad = await CliRunner.RunAsync("query", "* | count by", "--server", url, "--key", read);
            Assert.Equal(1, bad.ExitCode);
            Assert.Contains("MQL2001", bad.Error, StringComparison.Ordinal);
            Assert.Contains("1:13", bad.Error, StringComparison.Ordinal);

            // The server holds the directory lock: a local query fails with one clear line.
            var locked = await CliRunner.RunAsync("query", "* | count", "--data", _data);
            Assert.NotEqual(0, locked.ExitCode);
            Assert.StartsWith("metronome: ", locked.Error, StringComparison.Ordinal);
            await server.StopAsync();
        }

        var json = await CliRunner.RunAsync("query", "_sourcecategory=heroku | count by status | sort by status asc", "--format", "json", "--data", _data);
        Assert.True(json.ExitCode == 0, json.Error);
        var result = JsonDocument.Parse(json.Output).RootElement;
        Assert.Equal("[[200,2],[503,1]]", result.GetProperty("rows").GetRawText());

        var local = await CliRunner.RunAsync("query", "dyno=web.1", "--data", _data, "--app", "shop", "--var", "unused=1");
        Assert.True(local.ExitCode == 0, local.Error);
        Assert.Contains("2 of 2 rows", local.Output, StringComparison.Ordinal);
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
