using System.Text.Json;
using Metronome.Server.Stats.Execution;
using Metronome.Server.Stats.Funnels;
using Metronome.Server.Stats.Query;

namespace Metronome.Server.Tests.Stats;

/// <summary>
/// Property tests of the columnar path against the scan of materialized events over
/// <see cref="GeneratedTraffic"/>: seeded random queries (metrics, dimensions, filters, time zones,
/// orders, comparisons) and funnels must answer exactly the same.
/// </summary>
public sealed class ColumnarPathTests(GeneratedTraffic traffic) : IClassFixture<GeneratedTraffic>
{
    private static readonly string[] Metrics =
        ["visitors", "visits", "pageviews", "views_per_visit", "bounce_rate", "visit_duration", "events", "percentage", "conversion_rate", "total_revenue", "average_revenue", "sum:price", "average:price", "sum:qty"];

    private static readonly string[] Dimensions =
        ["event:page", "event:name", "event:goal", "event:hostname", "visit:source", "visit:referrer", "visit:entry_page", "visit:exit_page", "visit:browser", "visit:country", "visit:device", "event:props:plan", "event:props:format", "time:hour", "time:day", "time:week", "time:month"];

    private static readonly string[] Filters =
    [
        """["is","event:page",["/blog","/docs"]]""",
        """["is_not","event:page",["/"]]""",
        """["contains","event:page",["blog"]]""",
        """["matches","event:page",["^/docs"]]""",
        """["is","visit:source",["Google","Twitter"]]""",
        """["is","visit:country",["(not set)","US"]]""",
        """["is_not","visit:browser",["Chrome"]]""",
        """["is","visit:entry_page",["/pricing"]]""",
        """["contains","visit:exit_page",["docs"]]""",
        """["is","visit:referrer",["google.example"]]""",
        """["is","event:goal",["signup","Visit /blog*"]]""",
        """["contains","event:goal",["Visit /docs"]]""",
        """["is","event:name",["pageview","download"]]""",
        """["is","event:props:plan",["pro"],{"case_sensitive":false}]""",
        """["or",[["is","event:page",["/"]],["is","visit:device",["mobile"]]]]""",
        """["not",["is","visit:source",["Hacker News"]]]""",
        """["and",[["is_not","event:name",["signup"]],["contains","visit:browser",["fire"],{"case_sensitive":false}]]]""",
    ];

    private static readonly string[] Zones = ["UTC", "America/New_York", "Asia/Kolkata"];

    [Fact]
    public void Random_queries_answer_exactly_what_the_scan_answers()
    {
        var random = new Random(61);
        int answered = 0;
        for (int q = 0; q < 400; q++)
        {
            var metrics = Pick(random, Metrics, 1, 4);
            var dimensions = Pick(random, Dimensions, 0, 2);
            var filters = Pick(random, Filters, 0, 2);
            var members = new List<string>
            {
                $"\"metrics\":{Json(metrics)}",
                $"\"dimensions\":{Json(dimensions)}",
                $"\"filters\":[{string.Join(',', filters)}]",
                $"\"timezone\":\"{Zones[random.Next(Zones.Length)]}\"",
                $"\"date_range\":{(random.Next(2) == 0 ? "[\"2026-10-30\",\"2026-11-04\"]" : "[\"2026-11-01\",\"2026-11-02\"]")}",
            };
            if (random.Next(3) == 0)
            {
                members.Add($"\"order_by\":[[\"{metrics[0]}\",\"{(random.Next(2) == 0 ? "asc" : "desc")}\"]]");
            }

            if (random.Next(4) == 0)
            {
                members.Add("\"include\":{\"comparisons\":{\"mode\":\"previous_period\"}}");
            }

            StatsQuery query;
            try
            {
                query = Parse(string.Join(',', members));
            }
            catch (StatsQueryException)
            {
                continue; // combinations the API refuses (visit metrics by event dimensions, ...)
            }

            string byScan = Serialize(new StatsExecutor(traffic.Store, StatsPath.Scan).Execute(query, GeneratedTraffic.App));
            string byColumns = Serialize(new StatsExecutor(traffic.Store, StatsPath.Columnar).Execute(query, GeneratedTraffic.App));
            Assert.True(byScan == byColumns, $"query {q}: {string.Join(',', members)}\nscan:     {byScan}\ncolumnar: {byColumns}");
            answered += byScan.Contains("\"Metrics\":[", StringComparison.Ordinal) ? 1 : 0;
        }

        Assert.True(answered > 150, $"only {answered} random queries had rows");
    }

    [Fact]
    public void Random_funnels_answer_exactly_what_the_scan_answers()
    {
        string[] steps = ["""{"event":"view"}""", """{"event":"download"}""", """{"event":"signup"}""", """{"page":"/blog"}""", """{"page":"/blog/*"}""", """{"page":"/docs*"}""", """{"page":"/"}""", """{"page":"/pricing"}"""];
        var random = new Random(62);
        for (int q = 0; q < 60; q++)
        {
            var chosen = Enumerable.Range(0, random.Next(2, 5)).Select(_ => steps[random.Next(steps.Length)]).ToList();
            var filters = Pick(random, Filters.Where(f => !f.Contains("goal", StringComparison.Ordinal)).ToArray(), 0, 1);
            string body = $$"""{"site_id":"{{GeneratedTraffic.App}}","date_range":["2026-10-30","2026-11-04"],"steps":[{{string.Join(',', chosen)}}],"filters":[{{string.Join(',', filters)}}]}""";
            using var json = JsonDocument.Parse(body);
            var query = FunnelQuery.Parse(json.RootElement, GeneratedTraffic.Now);

            string byScan = JsonSerializer.Serialize(new FunnelExecutor(traffic.Store, StatsPath.Scan).Execute(query, GeneratedTraffic.App).Steps);
            string byColumns = JsonSerializer.Serialize(new FunnelExecutor(traffic.Store).Execute(query, GeneratedTraffic.App).Steps);
            Assert.True(byScan == byColumns, $"funnel {q}: {body}\nscan:     {byScan}\ncolumnar: {byColumns}");
            Assert.Contains("\"Visitors\":", byScan, StringComparison.Ordinal);
        }
    }

    private static List<string> Pick(Random random, string[] items, int min, int max) =>
        [.. items.OrderBy(_ => random.Next()).Take(random.Next(min, max + 1))];

    private static string Json(List<string> items) => JsonSerializer.Serialize(items);

    private static StatsQuery Parse(string members)
    {
        using var json = JsonDocument.Parse($$"""{"site_id":"{{GeneratedTraffic.App}}",{{members}}}""");
        return StatsQueryParser.Parse(json.RootElement, GeneratedTraffic.Now);
    }

    private static string Serialize(StatsResult result) =>
        JsonSerializer.Serialize(new { result.Rows, result.TotalRows, result.TimeLabels });
}
