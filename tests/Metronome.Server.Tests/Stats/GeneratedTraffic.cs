using Metronome.Core.Events;
using Metronome.Core.Time;
using Metronome.Ingest.Web;
using Metronome.Storage;
using Metronome.Storage.Io;

namespace Metronome.Server.Tests.Stats;

/// <summary>
/// Seeded web traffic over 2026-10-30..2026-11-04 (across the US change from summer time) in a store
/// whose first two thirds are sealed into segments and the rest left in the tail, so both of the store's
/// aggregation paths answer. Browser, OS, device and country are fixed per visitor, as enrichment makes
/// them; a third of the visitors come from a different source each visit; plan values differ only by
/// case ("pro", "Pro"); qty is a number written as text; a fifth of the visitor ids are text, as imported
/// data carries them; one event in 40 has no page; bots are mixed in.
/// </summary>
public sealed class GeneratedTraffic : IDisposable
{
    public const string App = "gen";
    public static readonly DateTimeOffset Now = new(2026, 11, 5, 12, 0, 0, TimeSpan.Zero);

    private static readonly string[] Pages = ["/", "/blog", "/blog/one", "/blog/two", "/pricing", "/docs", "/docs/api", "/about"];
    private static readonly string[] Browsers = ["Chrome", "Firefox", "Safari", "Edge"];
    private static readonly string[] Countries = ["DE", "US", "FR", "JP"];
    private static readonly string[] Sources = ["Google", "Hacker News", "Twitter"];
    private static readonly string[] Plans = ["pro", "Pro", "free"];

    public GeneratedTraffic()
    {
        Store = EventStore.Open(new MemoryFileSystem(), new StoreOptions { MaintenanceInterval = TimeSpan.Zero, SealOnClose = false });
        var events = Generate(seed: 7, visitors: 300);
        int sealedCount = events.Count * 2 / 3;
        Store.AppendAsync(events[..sealedCount]).GetAwaiter().GetResult();
        Store.RunMaintenance(force: true);
        Store.AppendAsync(events[sealedCount..]).GetAwaiter().GetResult();
    }

    public EventStore Store { get; }

    public void Dispose() => Store.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static List<Event> Generate(int seed, int visitors)
    {
        var random = new Random(seed);
        var events = new List<Event>();
        long start = UnixTime.ToMicroseconds(new DateTimeOffset(2026, 10, 30, 0, 0, 0, TimeSpan.Zero));
        long span = 6 * UnixTime.MicrosecondsPerDay;
        for (int v = 0; v < visitors; v++)
        {
            string browser = Browsers[random.Next(Browsers.Length)];
            string? country = v % 10 == 0 ? null : Countries[random.Next(Countries.Length)];
            string device = v % 3 == 0 ? "mobile" : "desktop";
            bool mixedSources = v % 3 == 1;
            string? fixedSource = v % 2 == 0 ? null : Sources[v % Sources.Length];
            int visits = 1 + random.Next(4);
            for (int s = 0; s < visits; s++)
            {
                long t = start + (long)(random.NextDouble() * span);
                string? source = mixedSources ? Sources[random.Next(Sources.Length)] : fixedSource;
                int hits = 1 + random.Next(5);
                for (int h = 0; h < hits; h++)
                {
                    t += random.Next(1, 20 * 60) * UnixTime.MicrosecondsPerSecond;
                    events.Add(Hit(random, v, t, browser, country, device, source, bot: false));
                }
            }
        }

        for (int b = 0; b < 40; b++)
        {
            events.Add(Hit(random, 10_000 + b, start + (long)(random.NextDouble() * span), "Googlebot", "US", "desktop", null, bot: true));
        }

        return [.. events.OrderBy(e => e.TimeUs)];
    }

    private static Event Hit(Random random, long visitor, long timeUs, string browser, string? country, string device, string? source, bool bot)
    {
        double kind = random.NextDouble();
        string name = kind < 0.75 ? "view" : kind < 0.9 ? "download" : "signup";
        var fields = new List<KeyValuePair<string, FieldValue>>
        {
            new(WebFields.Visitor, visitor % 5 == 2 ? FieldValue.From($"v{visitor:D5}") : FieldValue.From(visitor)),
            new(WebFields.Hostname, "blog.example"),
            new(WebFields.Browser, browser),
            new(WebFields.Device, device),
        };
        if (random.Next(40) != 0)
        {
            fields.Add(new(WebFields.Page, Pages[random.Next(Pages.Length)]));
        }

        if (country is not null)
        {
            fields.Add(new(WebFields.Country, country));
        }

        if (source is not null)
        {
            fields.Add(new(WebFields.Source, source));
            fields.Add(new(WebFields.ReferrerHost, source.ToLowerInvariant().Replace(' ', '-') + ".example"));
            fields.Add(new(WebFields.ReferrerPath, "/"));
        }

        if (name == "signup")
        {
            fields.Add(new("plan", Plans[random.Next(Plans.Length)]));
            fields.Add(new("price", random.Next(1, 100) + (random.Next(2) == 0 ? 0.5 : 0)));
            fields.Add(new(WebFields.Revenue, (long)random.Next(5, 50)));
            fields.Add(new(WebFields.Currency, "EUR"));
        }

        if (name == "download")
        {
            fields.Add(new("format", random.Next(2) == 0 ? "csv" : "pdf"));
            fields.Add(new("qty", random.Next(1, 5).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (bot)
        {
            fields.Add(new(WebFields.Bot, true));
        }

        return new Event(App, name, timeUs, timeUs, fields);
    }
}
