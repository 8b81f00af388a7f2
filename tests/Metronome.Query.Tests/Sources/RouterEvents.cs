using System.Globalization;
using Metronome.Core.Events;

namespace Metronome.Query.Tests.Sources;

/// <summary>Deterministic Heroku router events (fields as the router decoder types them, plus _raw)
/// and a few web events, spread over one day.</summary>
internal static class RouterEvents
{
    public static readonly DateTimeOffset Day = DateTimeOffset.Parse("2026-11-01T00:00:00Z", CultureInfo.InvariantCulture);

    public static List<Event> Generate(int count, string app = "shop", int seed = 7)
    {
        var random = new Random(seed);
        var events = new List<Event>(count);
        string[] paths = ["/", "/cart", "/api/items", "/login", "/search"];
        string[] methods = ["GET", "POST"];
        for (var i = 0; i < count; i++)
        {
            var timeUs = (Day.ToUnixTimeMilliseconds() * 1000) + ((long)i * 86_400_000_000 / count);
            if (i % 10 == 9)
            {
                events.Add(new Event(app, "view", timeUs, timeUs, [
                    new("_sourcecategory", "web"),
                    new("path", paths[random.Next(paths.Length)]),
                    new("visitor", "v" + random.Next(50).ToString(CultureInfo.InvariantCulture))]));
                continue;
            }

            var dyno = "web." + (1 + random.Next(4)).ToString(CultureInfo.InvariantCulture);
            var status = random.Next(20) switch { 0 => 503L, 1 => 404L, 2 => 500L, _ => 200L };
            var connect = (long)random.Next(5);
            var service = (long)random.Next(1, 300);
            var bytes = (long)random.Next(100, 5000);
            var method = methods[random.Next(methods.Length)];
            var path = paths[random.Next(paths.Length)];
            var raw = $"at=info method={method} path=\"{path}\" host=shop.example.com request_id=r{i} fwd=\"10.0.0.{i % 250}\" dyno={dyno} connect={connect}ms service={service}ms status={status} bytes={bytes} protocol=https";
            events.Add(new Event(app, "router", timeUs, timeUs, [
                new("_sourcecategory", "heroku"),
                new("_sourcename", "d.drain-" + (i % 3).ToString(CultureInfo.InvariantCulture)),
                new("_raw", raw),
                new("method", method),
                new("path", path),
                new("dyno", dyno),
                new("connect", connect),
                new("service", service),
                new("status", status),
                new("bytes", bytes)]));
        }

        return events;
    }
}
