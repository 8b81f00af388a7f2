using System.Text.Json;

namespace Metronome.Server.Tests.Stats;

/// <summary>POST /api/v2/query over <see cref="WebTraffic"/>: every number below is counted by hand.</summary>
public sealed class StatsQueryTests(TrafficFixture traffic) : IClassFixture<TrafficFixture>
{
    private const string Day = """ "date_range":["2026-11-20","2026-11-20"] """;

    private ServerFixture Server => traffic.Server;

    [Fact]
    public async Task Aggregate_metrics_count_visitors_visits_pages_and_events_without_bots()
    {
        string results = await WebTraffic.ResultsAsync(Server,
            Day + """, "metrics":["visitors","visits","pageviews","events","views_per_visit","bounce_rate","visit_duration"] """);
        // 3 visitors, 4 visits (C comes back after an hour), 5 pageviews + 1 signup; one visit of 2 pages
        // out of 4 (bounce 75%); A's visit lasts 6 minutes, the others 0: 360 / 4 = 90 s.
        Assert.Equal("""[{"metrics":[3,4,5,6,1.25,75,90],"dimensions":[]}]""", results);
    }

    [Fact]
    public async Task Revenue_sums_and_averages_a_numeric_property()
    {
        string results = await WebTraffic.ResultsAsync(Server,
            Day + """, "metrics":["total_revenue","average_revenue","sum:revenue","average:revenue"], "filters":[["is","event:goal",["signup"]]] """);
        Assert.Equal("""[{"metrics":[{"value":10,"currency":"EUR","short":"10.0 EUR","long":"10.00 EUR"},{"value":10,"currency":"EUR","short":"10.0 EUR","long":"10.00 EUR"},10,10],"dimensions":[]}]""", results);
    }

    [Fact]
    public async Task Conversion_rate_divides_goal_visitors_by_all_visitors()
    {
        string results = await WebTraffic.ResultsAsync(Server,
            Day + """, "metrics":["visitors","events","conversion_rate"], "filters":[["is","event:goal",["signup"]]] """);
        Assert.Equal("""[{"metrics":[1,1,33.33],"dimensions":[]}]""", results);
    }

    [Fact]
    public async Task Pages_are_counted_per_event()
    {
        string results = await WebTraffic.ResultsAsync(Server, Day + """, "metrics":["visitors","pageviews","events","visits","percentage"], "dimensions":["event:page"] """);
        Assert.Equal("""[{"metrics":[3,3,3,3,100],"dimensions":["/home"]},{"metrics":[2,2,3,2,66.7],"dimensions":["/pricing"]}]""", results);
    }

    [Fact]
    public async Task Visit_dimensions_come_from_the_first_pageview_of_the_visit()
    {
        string sources = await WebTraffic.ResultsAsync(Server, Day + """, "metrics":["visitors","visits","pageviews"], "dimensions":["visit:source"] """);
        Assert.Equal("""[{"metrics":[2,2,2],"dimensions":["Direct / None"]},{"metrics":[1,1,2],"dimensions":["Google"]},{"metrics":[1,1,1],"dimensions":["Hacker News"]}]""", sources);

        string referrers = await WebTraffic.ResultsAsync(Server, Day + """, "metrics":["visits"], "dimensions":["visit:referrer"], "order_by":[["visit:referrer","asc"]] """);
        Assert.Equal("""[{"metrics":[2],"dimensions":["Direct / None"]},{"metrics":[1],"dimensions":["google.com"]},{"metrics":[1],"dimensions":["news.ycombinator.com/item"]}]""", referrers);
    }

    [Fact]
    public async Task Entry_and_exit_pages_bounce_rate_and_duration_per_visit()
    {
        string entry = await WebTraffic.ResultsAsync(Server, Day + """, "metrics":["visits","bounce_rate","visit_duration"], "dimensions":["visit:entry_page"] """);
        Assert.Equal("""[{"metrics":[3,67,120],"dimensions":["/home"]},{"metrics":[1,100,0],"dimensions":["/pricing"]}]""", entry);

        string exit = await WebTraffic.ResultsAsync(Server, Day + """, "metrics":["visits"], "dimensions":["visit:exit_page"] """);
        Assert.Equal("""[{"metrics":[2],"dimensions":["/home"]},{"metrics":[2],"dimensions":["/pricing"]}]""", exit);
    }

    [Fact]
    public async Task Browser_os_and_device_come_from_the_user_agent()
    {
        string results = await WebTraffic.ResultsAsync(Server, Day + """, "metrics":["visitors"], "dimensions":["visit:browser","visit:os","visit:device"], "order_by":[["visit:browser","asc"]] """);
        Assert.Equal("""[{"metrics":[1],"dimensions":["Chrome","Windows","desktop"]},{"metrics":[1],"dimensions":["Firefox","Linux","desktop"]},{"metrics":[1],"dimensions":["Safari","iOS","mobile"]}]""", results);
    }

    [Fact]
    public async Task Custom_properties_group_with_none_for_events_without_them()
    {
        string results = await WebTraffic.ResultsAsync(Server, Day + """, "metrics":["visitors","events"], "dimensions":["event:props:plan"] """);
        Assert.Equal("""[{"metrics":[3,5],"dimensions":["(none)"]},{"metrics":[1,1],"dimensions":["pro"]}]""", results);

        string names = await WebTraffic.ResultsAsync(Server, Day + """, "metrics":["events"], "dimensions":["event:name"] """);
        Assert.Equal("""[{"metrics":[5],"dimensions":["view"]},{"metrics":[1],"dimensions":["signup"]}]""", names);
    }

    [Fact]
    public async Task Time_dimensions_bucket_in_the_query_time_zone()
    {
        string hours = await WebTraffic.ResultsAsync(Server, Day + """, "metrics":["visitors","pageviews"], "dimensions":["time:hour"] """);
        Assert.Equal("""[{"metrics":[1,2],"dimensions":["2026-11-20 10:00:00"]},{"metrics":[1,1],"dimensions":["2026-11-20 11:00:00"]},{"metrics":[1,1],"dimensions":["2026-11-20 12:00:00"]},{"metrics":[1,1],"dimensions":["2026-11-20 13:00:00"]}]""", hours);

        // Tokyo is 9 hours ahead: 2026-11-20 13:00 UTC is 22:00 on the 20th; the 19th's 09:00 UTC is the 19th there too.
        string days = await WebTraffic.ResultsAsync(Server, """ "date_range":["2026-11-19","2026-11-20"], "timezone":"Asia/Tokyo", "metrics":["visitors"], "dimensions":["time:day"] """);
        Assert.Equal("""[{"metrics":[1],"dimensions":["2026-11-19"]},{"metrics":[3],"dimensions":["2026-11-20"]}]""", days);

        string weeks = await WebTraffic.ResultsAsync(Server, """ "date_range":"month", "metrics":["pageviews"], "dimensions":["time:week"] """);
        Assert.Equal("""[{"metrics":[6],"dimensions":["2026-11-16"]}]""", weeks);

        string months = await WebTraffic.ResultsAsync(Server, """ "date_range":"12mo", "metrics":["visitors"], "dimensions":["time:month"] """);
        Assert.Equal("""[{"metrics":[3],"dimensions":["2026-11-01"]}]""", months);
    }

    [Theory]
    [InlineData("""[["is","event:page",["/pricing"]]]""", 2, 3)]
    [InlineData("""[["is_not","event:page",["/home"]]]""", 2, 3)]
    [InlineData("""[["contains","event:page",["pric"]]]""", 2, 3)]
    [InlineData("""[["contains","event:page",["PRIC"]]]""", 0, 0)]
    [InlineData("""[["contains","event:page",["PRIC"],{"case_sensitive":false}]]""", 2, 3)]
    [InlineData("""[["contains_not","event:page",["pric"]]]""", 3, 3)]
    [InlineData("""[["matches","event:page",["^/h"]]]""", 3, 3)]
    [InlineData("""[["matches_not","event:page",["^/h"]]]""", 2, 3)]
    [InlineData("""[["is","visit:source",["Google"]]]""", 1, 3)]
    [InlineData("""[["is","visit:browser",["Firefox"]]]""", 1, 1)]
    [InlineData("""[["is","event:name",["pageview"]]]""", 3, 5)]
    [InlineData("""[["is","event:props:plan",["pro"]]]""", 1, 1)]
    [InlineData("""[["is","visit:entry_page",["/pricing"]]]""", 1, 1)]
    [InlineData("""[["not",["is","visit:source",["Google"]]]]""", 2, 3)]
    [InlineData("""[["or",[["is","visit:browser",["Firefox"]],["is","event:page",["/pricing"]]]]]""", 3, 4)]
    [InlineData("""[["and",[["is","event:page",["/home"]],["is","visit:source",["Direct / None"]]]]]""", 2, 2)]
    [InlineData("""[["is","event:page",["/home"]],["is","visit:source",["Direct / None"]]]""", 2, 2)]
    [InlineData("""[["is","event:goal",["Visit /pricing"]]]""", 2, 2)]
    [InlineData("""[["is","visit:country",["DE"]]]""", 0, 0)]
    public async Task Filters_select_events_and_visits(string filters, long visitors, long events)
    {
        string results = await WebTraffic.ResultsAsync(Server, Day + $$""", "metrics":["visitors","events"], "filters":{{filters}} """);
        Assert.Equal($$"""[{"metrics":[{{visitors}},{{events}}],"dimensions":[]}]""", results);
    }

    [Fact]
    public async Task Comparison_with_the_previous_period_adds_its_metrics_and_the_change()
    {
        string results = await WebTraffic.ResultsAsync(Server, Day + """, "metrics":["visitors","bounce_rate"], "dimensions":["time:day"], "include":{"comparisons":{"mode":"previous_period"}} """);
        // 2026-11-19: only B's visit (one page: a bounce). Visitors 1 -> 3 is +200%; bounce rate 100 -> 75 is -25 points.
        Assert.Equal("""[{"metrics":[3,75],"dimensions":["2026-11-20"],"comparison":{"dimensions":["2026-11-19"],"metrics":[1,100],"change":[200,-25]}}]""", results);
    }

    [Fact]
    public async Task Pagination_pages_the_ordered_rows_and_reports_the_total()
    {
        var (status, body, _) = await WebTraffic.QueryAsync(Server, "/api/v2/query",
            $$$"""{"site_id":"{{{Server.App}}}",{{{Day}}},"metrics":["visitors"],"dimensions":["event:page"],"pagination":{"limit":1,"offset":1},"include":{"total_rows":true}}""");
        Assert.Equal(200, status);
        var root = JsonDocument.Parse(body).RootElement;
        Assert.Equal("""[{"metrics":[2],"dimensions":["/pricing"]}]""", root.GetProperty("results").GetRawText());
        Assert.Equal(2, root.GetProperty("meta").GetProperty("total_rows").GetInt32());
        var query = root.GetProperty("query");
        Assert.Equal("""["2026-11-20T00:00:00+00:00","2026-11-20T23:59:59+00:00"]""", query.GetProperty("date_range").GetRawText());
        Assert.Equal("""[["visitors","desc"]]""", query.GetProperty("order_by").GetRawText());
        Assert.Equal("""{"limit":1,"offset":1}""", query.GetProperty("pagination").GetRawText());
    }

    [Fact]
    public async Task Time_labels_list_every_bucket_of_the_range()
    {
        var (_, body, _) = await WebTraffic.QueryAsync(Server, "/api/v2/query",
            $$$"""{"site_id":"{{{Server.App}}}","date_range":"7d","metrics":["visitors"],"dimensions":["time:day"],"include":{"time_labels":true}}""");
        var meta = JsonDocument.Parse(body).RootElement.GetProperty("meta");
        Assert.Equal("""["2026-11-15","2026-11-16","2026-11-17","2026-11-18","2026-11-19","2026-11-20","2026-11-21"]""", meta.GetProperty("time_labels").GetRawText());
    }

    [Fact]
    public async Task Csv_export_answers_any_query_as_text_csv()
    {
        var (status, body, type) = await WebTraffic.QueryAsync(Server, "/api/v2/query",
            $$"""{"site_id":"{{Server.App}}",{{Day}},"metrics":["visitors","pageviews"],"dimensions":["event:page"]}""", accept: "text/csv");
        Assert.Equal(200, status);
        Assert.Equal("text/csv", type);
        Assert.Equal("event:page,visitors,pageviews\r\n/home,3,3\r\n/pricing,2,2\r\n", body);
    }

    [Fact]
    public async Task Funnel_counts_ordered_steps_within_a_visit()
    {
        var (status, body, _) = await WebTraffic.QueryAsync(Server, "/api/v2/funnel",
            $$"""{"site_id":"{{Server.App}}",{{Day}},"steps":[{"page":"/home"},{"page":"/pricing"},{"event":"signup"}]}""");
        Assert.True(status == 200, body);
        // C reaches /pricing before /home, in another visit: only A goes all the way.
        Assert.Equal(
            """[{"step":1,"label":"Visit /home","visitors":3,"visits":3,"conversion_rate":100,"conversion_rate_step":100,"dropoff":0},{"step":2,"label":"Visit /pricing","visitors":1,"visits":1,"conversion_rate":33.33,"conversion_rate_step":33.33,"dropoff":2},{"step":3,"label":"signup","visitors":1,"visits":1,"conversion_rate":33.33,"conversion_rate_step":100,"dropoff":0}]""",
            JsonDocument.Parse(body).RootElement.GetProperty("steps").GetRawText());
    }
}
