using System.Collections.Concurrent;
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

        var acknowledged = new ConcurrentBag<int>();
        var attempted = new ConcurrentBag<int>();
        int next = 0;
        await using (var server = await MetronomeProcess.StartAsync(_data))
        {
            using var stop = new CancellationTokenSource();
            var senders = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                using var client = server.CreateClient();
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", write);
                while (!stop.IsCancellationRequested)
                {
                    int batch = Interlocked.Increment(ref next);
                    attempted.Add(batch);
                    var body = new StringBuilder();
                    for (int i = 0; i < EventsPerBatch; i++)
                    {
                        body.Append("{\"id\":\"b").Append(batch).Append("\",\"n\":").Append(i).Append("}\n");
                    }

                    try
                    {
                        using var response = await client.PostAsync("/tick", new StringContent(body.ToString(), Encoding.UTF8, "application/x-ndjson"));
                        if (response.StatusCode == HttpStatusCode.Accepted)
                        {
                            acknowledged.Add(batch);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return; // the server is gone
                    }
                    catch (TaskCanceledException)
                    {
                        return;
                    }
                }
            })).ToList();

            while (acknowledged.Count < 40)
            {
                await Task.Delay(20);
            }

            server.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(senders);
        }

        Assert.True(acknowledged.Count >= 40);
        await using (var server = await MetronomeProcess.StartAsync(_data))
        {
            using var client = server.CreateClient();
            var acked = acknowledged.ToHashSet();
            foreach (int batch in attempted.Distinct())
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
