using System.Globalization;
using Metronome.Core.Events;
using Metronome.Storage;

namespace Metronome.QueryBench;

/// <summary>N Heroku router lines in an embedded store, as the drain stores them: <c>_raw</c> plus the
/// logfmt keys typed (numbers as Longs), sealed into segments. The parse benchmark's lines, read from disk.</summary>
internal static class StoredRouterLines
{
    public const string App = "bench";

    public static async Task<EventStore> BuildAsync(string directory, long lines, DateTimeOffset start)
    {
        var store = EventStore.Open(directory, new StoreOptions { MaintenanceInterval = TimeSpan.Zero, SealOnClose = false });
        var random = new Random(42);
        string[] paths = ["/", "/cart", "/api/items/42", "/login", "/search?q=maps", "/assets/app.js"];
        var t0 = start.ToUnixTimeMilliseconds() * 1000;
        var batch = new List<Event>(10_000);
        for (long i = 0; i < lines; i++)
        {
            var dyno = "web." + (1 + random.Next(8)).ToString(CultureInfo.InvariantCulture);
            var status = random.Next(50) == 0 ? 503L : 200L;
            var path = paths[random.Next(paths.Length)];
            var connect = (long)random.Next(5);
            var service = (long)random.Next(1, 900);
            var bytes = (long)random.Next(100, 90_000);
            var fwd = $"10.1.{random.Next(255)}.{random.Next(255)}";
            var requestId = Guid.NewGuid().ToString();
            var raw = string.Create(CultureInfo.InvariantCulture,
                $"at=info method=GET path=\"{path}\" host=shop.example.com request_id={requestId} fwd=\"{fwd}\" dyno={dyno} connect={connect}ms service={service}ms status={status} bytes={bytes} protocol=https");
            var timeUs = t0 + (i * 10_000);
            batch.Add(new Event(App, "router", timeUs, timeUs,
            [
                new(FieldNames.Raw, raw),
                new("_sourcecategory", "heroku"),
                new("_sourcename", "d.5f2c"),
                new("at", "info"),
                new("method", "GET"),
                new("path", path),
                new("host", "shop.example.com"),
                new("request_id", requestId),
                new("fwd", fwd),
                new("dyno", dyno),
                new("connect", connect),
                new("service", service),
                new("status", status),
                new("bytes", bytes),
                new("protocol", "https"),
            ]));
            if (batch.Count == batch.Capacity)
            {
                await store.AppendAsync(batch);
                batch = new List<Event>(10_000);
            }

            if (i % 500_000 == 499_999)
            {
                store.RunMaintenance(force: true);
            }
        }

        if (batch.Count > 0)
        {
            await store.AppendAsync(batch);
        }

        store.RunMaintenance(force: true);
        return store;
    }
}
