using System.Globalization;
using Metronome.Core.Events;
using Metronome.Storage;

namespace Metronome.QueryBench;

/// <summary>A workload shaped like the store benchmark's (bench/README.md): 30 days from 2026-10-01,
/// 60% web events (view/download/login; path, referrer on about half, visitor, id on a quarter of views
/// and all downloads, format on downloads) and 40% Heroku router events (dyno, status with a 5xx tail,
/// service_ms), one app, appended in batches and sealed into segments.</summary>
internal static class StoreWorkload
{
    public static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    public const string App = "app00";
    public const string Item = "item7";
    public const string Word = "maps";
    public static readonly DateTimeOffset Day = Start.AddDays(14);

    public static async Task<EventStore> BuildAsync(string directory, int count)
    {
        var store = EventStore.Open(directory, new StoreOptions { MaintenanceInterval = TimeSpan.Zero, SealOnClose = false });
        var random = new Random(42);
        var paths = Enumerable.Range(0, 500).Select(i => $"/docs/{(i % 10 == 0 ? Word : "page")}-{i}").ToArray();
        var spanUs = 30L * 86_400_000_000;
        var t0 = Start.ToUnixTimeMilliseconds() * 1000;
        var batch = new List<Event>(10_000);
        for (var i = 0; i < count; i++)
        {
            var timeUs = t0 + (spanUs * i / count);
            batch.Add(random.Next(10) < 6 ? Web(random, paths, timeUs) : Router(random, paths, timeUs));
            if (batch.Count == batch.Capacity)
            {
                await store.AppendAsync(batch);
                batch = new List<Event>(10_000);
            }

            if (i % 250_000 == 249_999)
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

    private static Event Web(Random random, string[] paths, long timeUs)
    {
        var kind = random.Next(100);
        var name = kind < 80 ? "view" : kind < 90 ? "download" : "login";
        var fields = new List<KeyValuePair<string, FieldValue>>
        {
            new("_sourcecategory", "web"),
            new("path", paths[Zipf(random, paths.Length)]),
            new("visitor", "v" + random.Next(200_000).ToString(CultureInfo.InvariantCulture)),
        };
        if (random.Next(100) < 55)
        {
            fields.Add(new("referrer", "https://site" + Zipf(random, 500).ToString(CultureInfo.InvariantCulture) + ".example/"));
        }

        if (name == "download" || (name == "view" && random.Next(4) == 0))
        {
            fields.Add(new("id", "item" + Zipf(random, 20_000).ToString(CultureInfo.InvariantCulture)));
        }

        if (name == "download")
        {
            fields.Add(new("format", random.Next(3) switch { 0 => "kml", 1 => "csv", _ => "geojson" }));
        }

        return new Event(App, name, timeUs, timeUs, fields);
    }

    private static Event Router(Random random, string[] paths, long timeUs)
    {
        var roll = random.Next(1000);
        long status = roll < 3 ? 503 : roll < 10 ? 500 : roll < 40 ? 404 : roll < 80 ? 302 : 200;
        return new Event(App, "router", timeUs, timeUs,
        [
            new("_sourcecategory", "heroku"),
            new("dyno", "web." + (1 + random.Next(8)).ToString(CultureInfo.InvariantCulture)),
            new("method", random.Next(5) == 0 ? "POST" : "GET"),
            new("path", paths[Zipf(random, paths.Length)]),
            new("status", status),
            new("connect_ms", (long)random.Next(5)),
            new("service_ms", (long)Math.Round(Math.Exp(3 + random.NextDouble() * 3))),
            new("bytes", (long)random.Next(100, 90_000)),
        ]);
    }

    private static int Zipf(Random random, int n) => (int)Math.Min(n - 1, Math.Floor(Math.Pow(n + 1, random.NextDouble())) - 1);
}
