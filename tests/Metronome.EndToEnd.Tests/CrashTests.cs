using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Metronome.EndToEnd.Tests;

public sealed class CrashTests : IDisposable
{
    private const int EventsPerBatch = 200;
    private readonly string _data = Path.Combine(Path.GetTempPath(), "metronome-crash-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Sigkill_during_a_batched_load_loses_no_acknowledged_event_and_duplicates_none()
    {
        var (code, output, error) = await CliRunner.RunAsync("apps", "create", "load", "--json", "--data", _data);
        Assert.True(code == 0, error);
        var keys = JsonDocument.Parse(output).RootElement;
        string write = keys.GetProperty("writeKey").GetString()!;
        string read = keys.GetProperty("readKey").GetString()!;

        var (attempted, acked) = await KillUnderLoad.RunAsync(_data, 40, async (client, batch) =>
        {
            var body = new StringBuilder();
            for (int i = 0; i < EventsPerBatch; i++)
            {
                body.Append("{\"id\":\"b").Append(batch).Append("\",\"n\":").Append(i).Append("}\n");
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, "/tick") { Content = new StringContent(body.ToString(), Encoding.UTF8, "application/x-ndjson") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", write);
            using var response = await client.SendAsync(request);
            return response.StatusCode == HttpStatusCode.Accepted;
        });

        Assert.True(acked.Count >= 40);
        await using (var server = await MetronomeProcess.StartAsync(_data))
        {
            using var client = server.CreateClient();
            foreach (int batch in attempted)
            {
                var views = JsonDocument.Parse(await client.GetStringAsync($"/tock/b{batch}.json?key={read}")).RootElement.GetProperty("views");
                long count = views.EnumerateObject().Sum(day => day.Value.GetInt64());
                if (acked.Contains(batch))
                {
                    Assert.True(count == EventsPerBatch, $"acknowledged batch {batch} has {count} events after the crash, expected {EventsPerBatch}");
                }
                else
                {
                    // Unacknowledged batches may or may not have reached the disk, but only whole.
                    Assert.True(count is 0 or EventsPerBatch, $"unacknowledged batch {batch} has {count} events");
                }
            }
        }
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
