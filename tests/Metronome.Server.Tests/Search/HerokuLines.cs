using System.Globalization;

namespace Metronome.Server.Tests.Search;

/// <summary>Heroku log lines as ticks with <c>_raw</c>: router lines, build lines and runtime metrics,
/// from two drains, every minute from 06:00 on 2026-11-21.</summary>
internal static class HerokuLines
{
    public static List<object> Ticks(int minutes)
    {
        var ticks = new List<object>();
        var start = new DateTimeOffset(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);
        for (var m = 0; m < minutes; m++)
        {
            var ts = start.AddMinutes(m).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            var drain = m % 2 == 0 ? "d.alpha" : "d.beta";
            var dyno = "web." + ((m % 3) + 1).ToString(CultureInfo.InvariantCulture);
            var status = m % 7 == 0 ? 503 : 200;
            var service = 10 + (m * 37 % 200);
            ticks.Add(new Dictionary<string, object>
            {
                ["name"] = "router",
                ["ts"] = ts,
                ["_sourcecategory"] = "Heroku",
                ["_sourcename"] = drain,
                ["dyno"] = dyno,
                ["status"] = status,
                ["service"] = service,
                ["_raw"] = $"at=info method=GET path=\"/items/{m % 5}\" host=shop.example.com dyno={dyno} connect=1ms service={service}ms status={status} bytes={100 + m}",
            });
            if (m % 10 == 0)
            {
                ticks.Add(new Dictionary<string, object>
                {
                    ["name"] = "build",
                    ["ts"] = ts,
                    ["_sourcecategory"] = "Heroku",
                    ["_sourcename"] = drain,
                    ["_raw"] = m % 20 == 0 ? "Build Succeeded for app shop" : "Build failed for app shop",
                });
            }

            if (m % 5 == 0)
            {
                var total = (180 + m).ToString(CultureInfo.InvariantCulture) + ".50";
                ticks.Add(new Dictionary<string, object>
                {
                    ["name"] = "metrics",
                    ["ts"] = ts,
                    ["_sourcecategory"] = "Heroku",
                    ["_sourcename"] = drain,
                    ["_raw"] = $"source=web.1 dyno=heroku.1.{dyno} sample#memory_total={total}MB sample#memory_rss=100.00MB sample#memory_cache=0.50MB sample#memory_swap=0.00MB sample#memory_quota=512.00MB",
                });
            }
        }

        return ticks;
    }
}
