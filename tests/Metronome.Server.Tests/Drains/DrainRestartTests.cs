using System.Net;
using Metronome.Core.Time;
using Metronome.Server.Apps;
using Metronome.Server.Drains;
using Metronome.Server.Hosting;
using Metronome.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static Metronome.Server.Tests.Drains.LogplexBodies;

namespace Metronome.Server.Tests.Drains;

/// <summary>The redelivery window survives a restart: it is rebuilt from the frame ids stored with the events.</summary>
public sealed class DrainRestartTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "metronome-drain-restart-" + Guid.NewGuid().ToString("N"));
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_frame_stored_before_a_restart_is_still_a_duplicate_after_it()
    {
        string body = Frames(RouterAt("2026-11-21T11:59:58.5+00:00", 1), RouterAt("2026-11-21T11:59:59+00:00", 2));
        string writeKey;
        await using (var first = await StartAsync())
        {
            writeKey = first.Services.GetRequiredService<AppRegistry>().CreateApp("logs").WriteKey;
            using var client = first.GetTestClient();
            using var response = await client.SendAsync(Request(body, "RESTART-1", writeKey));
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            await first.StopAsync();
        }

        _clock.Advance(TimeSpan.FromMinutes(5));
        await using (var second = await StartAsync())
        {
            using var client = second.GetTestClient();
            using (var redelivered = await client.SendAsync(Request(body, "RESTART-1", writeKey)))
            {
                Assert.Equal(HttpStatusCode.NoContent, redelivered.StatusCode);
            }

            using (var fresh = await client.SendAsync(Request(body, "RESTART-2", writeKey)))
            {
                Assert.Equal(HttpStatusCode.NoContent, fresh.StatusCode);
            }

            Assert.Equal(4, Events(second.Services, "logs").Count);
            await second.StopAsync();
        }

        // Past the window, the id is forgotten (Logplex never retries that late).
        _clock.Advance(TimeSpan.FromHours(2));
        await using (var third = await StartAsync())
        {
            Assert.Equal(0, await third.Services.GetRequiredService<FrameLedger>().CountAsync("logs"));
            await third.StopAsync();
        }
    }

    [Fact]
    public async Task A_frame_of_old_lines_carries_a_marker_so_a_restart_still_finds_its_id()
    {
        string writeKey;
        await using (var first = await StartAsync())
        {
            writeKey = first.Services.GetRequiredService<AppRegistry>().CreateApp("logs").WriteKey;
            using var client = first.GetTestClient();
            using var old = await client.SendAsync(Request(Sample, "OLD-LINES", writeKey));
            Assert.Equal(HttpStatusCode.NoContent, old.StatusCode);
            using var current = await client.SendAsync(Request(Frames(RouterAt("2026-11-21T11:59:59+00:00", 1)), "CURRENT", writeKey));
            Assert.Equal(HttpStatusCode.NoContent, current.StatusCode);
            var marker = Assert.Single(AllEvents(first.Services, "logs"), e => e.Name == FrameMarker.EventName);
            Assert.Equal("OLD-LINES", marker.Text(DrainFieldNames.FrameId));
            Assert.Equal((long)SampleMessages, marker.Get("messages").AsLong);
            await first.StopAsync();
        }

        _clock.Advance(TimeSpan.FromMinutes(30));
        await using (var second = await StartAsync())
        {
            using var client = second.GetTestClient();
            foreach (string frame in new[] { "OLD-LINES", "CURRENT" })
            {
                using var again = await client.SendAsync(Request(frame == "CURRENT" ? Frames(RouterAt("2026-11-21T11:59:59+00:00", 1)) : Sample, frame, writeKey));
                Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
            }

            Assert.Equal(SampleMessages + 1, Events(second.Services, "logs").Count);
            await second.StopAsync();
        }
    }

    [Fact]
    public async Task Drain_requests_logged_as_they_arrived_replay_into_the_same_events_after_a_crash()
    {
        // No seal on close: the second start finds every request only in the log, in its wire form.
        var unsealed = new StoreOptions { SealOnClose = false, MaintenanceInterval = TimeSpan.Zero };
        string[] bodies =
        [
            Sample,
            Frames(RouterAt("2026-11-21T11:59:58.5+00:00", 1), Router) + "junk that frames nothing",
            Frames(RouterAt("2026-11-21T11:59:59+00:00", 2), "<190>1 2026-11-21T11:59:59.9+00:00 host app web.2 - caf\u00e9 at=info n=1"),
        ];
        string writeKey;
        List<string> before;
        await using (var first = await StartAsync(unsealed))
        {
            writeKey = first.Services.GetRequiredService<AppRegistry>().CreateApp("logs").WriteKey;
            using var client = first.GetTestClient();
            for (int i = 0; i < bodies.Length; i++)
            {
                using var response = await client.SendAsync(Request(bodies[i], "CRASH-" + i, writeKey, query: i == 1 ? "?category=web&name=shop" : ""));
                Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            }

            before = Signatures(first.Services);
            Assert.Contains(before, s => s.Contains(FrameMarker.EventName, StringComparison.Ordinal));
            Assert.Empty(first.Services.GetRequiredService<IEventStore>().GetStatistics().Partitions);
            await first.StopAsync();
        }

        // The log holds the requests as they arrived, named by their codec.
        byte[] log = [.. Directory.GetFiles(Path.Combine(_data, "store", "wal")).SelectMany(File.ReadAllBytes)];
        Assert.Equal(bodies.Length, log.AsSpan().Count(System.Text.Encoding.UTF8.GetBytes(LogplexWireCodec.CodecName)));

        _clock.Advance(TimeSpan.FromMinutes(1));
        await using var second = await StartAsync(unsealed);
        Assert.Equal(before, Signatures(second.Services));
        Assert.Contains(before, s => s.Contains("junk that frames nothing", StringComparison.Ordinal));
        Assert.Contains(before, s => s.Contains("caf\u00e9", StringComparison.Ordinal));
        using var again = await second.GetTestClient().SendAsync(Request(bodies[2], "CRASH-2", writeKey));
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal(before.Count, Signatures(second.Services).Count);
        await second.StopAsync();
    }

    /// <summary>Every event of the app with every field, in a stable order.</summary>
    private static List<string> Signatures(IServiceProvider services) =>
        [.. AllEvents(services, "logs")
            .Select(e => $"{e.Name} {e.TimeUs} {e.ReceiptTimeUs} " + string.Join(" ", e.Fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}")))
            .Order(StringComparer.Ordinal)];

    private async Task<WebApplication> StartAsync(StoreOptions? store = null)
    {
        var app = MetronomeServer.Build(new ServerOptions { DataDirectory = _data, Port = 0, Store = store ?? new StoreOptions() }, builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Services.AddSingleton<TimeProvider>(_clock);
        }, new StringWriter());
        await app.StartAsync();
        return app;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
