using System.Text.Json;
using Metronome.Server.Stats.Execution;
using Metronome.Server.Stats.Query;

namespace Metronome.Server.Tests.Stats;

/// <summary>
/// Every query runs over <see cref="GeneratedTraffic"/> through the scan that cuts materialized events
/// into visits (the reference), the columnar path, the default mode and, where it can answer exactly,
/// the store's aggregation. The answers must be identical; each case states whether the aggregation
/// answers it (Aggregate) or must decline (Scan).
/// </summary>
public sealed class StatsPathTests(GeneratedTraffic traffic) : IClassFixture<GeneratedTraffic>
{
    private const string Range = """ "date_range":["2026-10-30","2026-11-04"] """;

    public static TheoryData<string, StatsPath> Queries => new()
    {
        { """ "metrics":["visitors","pageviews","events"] """, StatsPath.Aggregate },
        { """ "metrics":["visitors","pageviews","events","percentage"], "dimensions":["event:page"] """, StatsPath.Aggregate },
        { """ "metrics":["visitors","events"], "dimensions":["event:name","event:hostname"] """, StatsPath.Aggregate },
        { """ "metrics":["visitors","pageviews"], "dimensions":["visit:browser","visit:country"] """, StatsPath.Aggregate },
        { """ "metrics":["visitors","percentage"], "dimensions":["visit:device"], "order_by":[["visitors","asc"]] """, StatsPath.Aggregate },
        { """ "metrics":["visitors","pageviews"], "dimensions":["time:day"], "include":{"time_labels":true} """, StatsPath.Aggregate },
        { """ "metrics":["visitors","events"], "dimensions":["time:hour"], "timezone":"Asia/Kolkata" """, StatsPath.Aggregate },
        { """ "metrics":["pageviews","events","sum:price"], "dimensions":["time:week"] """, StatsPath.Aggregate },
        { """ "metrics":["events"], "dimensions":["time:month","event:name"] """, StatsPath.Aggregate },
        { """ "metrics":["visitors","pageviews"], "filters":[["is","event:page",["/blog","/docs"]]] """, StatsPath.Aggregate },
        { """ "metrics":["visitors"], "dimensions":["event:page"], "filters":[["is_not","event:page",["/blog"]]] """, StatsPath.Scan }, // events without a page pass too
        { """ "metrics":["visitors","events"], "filters":[["contains","event:page",["blog"]], ["is","visit:browser",["Chrome","Safari"]]] """, StatsPath.Aggregate },
        { """ "metrics":["visitors"], "dimensions":["visit:country"], "filters":[["matches","event:page",["^/docs"]]] """, StatsPath.Aggregate },
        { """ "metrics":["visitors"], "filters":[["is","event:page",["/BLOG"],{"case_sensitive":false}]] """, StatsPath.Aggregate },
        { """ "metrics":["visitors"], "filters":[["or",[["is","event:page",["/"]],["contains","event:page",["api"]]]]] """, StatsPath.Aggregate },
        { """ "metrics":["visitors","pageviews"], "filters":[["not",["is","visit:browser",["Chrome"]]]] """, StatsPath.Aggregate },
        { """ "metrics":["visitors","pageviews"], "filters":[["not",["is","visit:country",["DE"]]]] """, StatsPath.Scan }, // absent or not DE: no single store filter
        { """ "metrics":["visitors"], "dimensions":["visit:country"], "filters":[["is","visit:country",["(not set)","US"]]] """, StatsPath.Scan },
        { """ "metrics":["visitors"], "filters":[["is","visit:country",["(not set)"]]] """, StatsPath.Aggregate },
        { """ "metrics":["events","visitors"], "filters":[["is","event:name",["pageview"]]] """, StatsPath.Aggregate },
        { """ "metrics":["visitors","events"], "dimensions":["event:props:format"] """, StatsPath.Aggregate },
        { """ "metrics":["visitors","sum:price","average:price"], "dimensions":["event:page"] """, StatsPath.Aggregate },
        { """ "metrics":["visitors"], "filters":[["is","event:page",["/nowhere"]]] """, StatsPath.Aggregate },
        { """ "metrics":["visitors","pageviews"], "dimensions":["time:day"], "include":{"comparisons":{"mode":"previous_period"}} """, StatsPath.Aggregate },
        { """ "metrics":["visitors"], "dimensions":["event:page"], "pagination":{"limit":3,"offset":2}, "include":{"total_rows":true} """, StatsPath.Aggregate },

        // The data rules the aggregation out: the scan answers.
        { """ "metrics":["visitors","pageviews"], "dimensions":["visit:source"] """, StatsPath.Scan },
        { """ "metrics":["visitors"], "filters":[["is","visit:source",["Google"]]] """, StatsPath.Scan },
        { """ "metrics":["visitors"], "dimensions":["visit:referrer"] """, StatsPath.Scan },
        { """ "metrics":["visitors"], "filters":[["is","event:props:plan",["pro"]]] """, StatsPath.Scan },
        { """ "metrics":["sum:qty"] """, StatsPath.Scan },
        { """ "metrics":["visitors"], "dimensions":["time:day"], "timezone":"America/New_York" """, StatsPath.Scan },
        { """ "metrics":["visitors"], "dimensions":["event:props:plan"] """, StatsPath.Aggregate },

        // Visits and goals always need the scan.
        { """ "metrics":["visitors","visits","bounce_rate"], "dimensions":["visit:browser"] """, StatsPath.Scan },
        { """ "metrics":["visitors","total_revenue"] """, StatsPath.Scan },
        { """ "metrics":["visitors"], "dimensions":["event:goal"] """, StatsPath.Scan },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public void Every_path_answers_exactly_what_the_scan_answers(string members, StatsPath aggregation)
    {
        var query = Parse(members);
        var scan = new StatsExecutor(traffic.Store, StatsPath.Scan);
        var auto = new StatsExecutor(traffic.Store);
        string byScan = Serialize(scan.Execute(query, GeneratedTraffic.App));
        string byAuto = Serialize(auto.Execute(query, GeneratedTraffic.App));
        string byColumns = Serialize(new StatsExecutor(traffic.Store, StatsPath.Columnar).Execute(query, GeneratedTraffic.App));

        Assert.Equal(StatsPath.Scan, scan.LastPath);
        Assert.Equal(aggregation == StatsPath.Aggregate && PathChoice.IsOneAggregation(query) ? StatsPath.Aggregate : StatsPath.Columnar, auto.LastPath);
        Assert.Equal(byScan, byAuto);
        Assert.Equal(byScan, byColumns);
        Assert.NotEqual("""{"Rows":[],"TotalRows":0,"TimeLabels":null}""", byScan);

        var aggregate = new StatsExecutor(traffic.Store, StatsPath.Aggregate);
        if (aggregation == StatsPath.Aggregate)
        {
            Assert.Equal(byScan, Serialize(aggregate.Execute(query, GeneratedTraffic.App)));
            Assert.Equal(StatsPath.Aggregate, aggregate.LastPath);
        }
        else
        {
            Assert.Throws<InvalidOperationException>(() => aggregate.Execute(query, GeneratedTraffic.App));
        }
    }

    [Theory]
    [InlineData(""" "metrics":["visitors"], "dimensions":["time:day"] """, StatsPath.Aggregate)]
    [InlineData(""" "metrics":["visitors","events"] """, StatsPath.Aggregate)]
    [InlineData(""" "metrics":["visitors"], "dimensions":["time:day"], "timezone":"America/New_York" """, StatsPath.Columnar)] // the offset changes: the aggregation declines
    [InlineData(""" "metrics":["visitors","pageviews"], "dimensions":["time:day"] """, StatsPath.Columnar)]
    [InlineData(""" "metrics":["visitors"], "dimensions":["event:page"] """, StatsPath.Columnar)]
    [InlineData(""" "metrics":["visitors"], "dimensions":["visit:browser"] """, StatsPath.Columnar)]
    [InlineData(""" "metrics":["visitors"], "filters":[["is","event:page",["/blog"]]] """, StatsPath.Columnar)]
    public void The_default_takes_the_aggregation_only_when_one_pass_of_it_answers(string members, StatsPath expected)
    {
        var auto = new StatsExecutor(traffic.Store);
        auto.Execute(Parse(members), GeneratedTraffic.App);
        Assert.Equal(expected, auto.LastPath);
    }

    [Fact]
    public void Forcing_the_aggregation_on_a_visit_query_says_why_it_cannot()
    {
        var query = Parse(""" "metrics":["visits"] """);
        var error = Assert.Throws<InvalidOperationException>(() => new StatsExecutor(traffic.Store, StatsPath.Aggregate).Execute(query, GeneratedTraffic.App));
        Assert.Contains("visits", error.Message, StringComparison.Ordinal);
    }

    private static StatsQuery Parse(string members)
    {
        using var json = JsonDocument.Parse($$"""{"site_id":"{{GeneratedTraffic.App}}",{{Range}},{{members}}}""");
        return StatsQueryParser.Parse(json.RootElement, GeneratedTraffic.Now);
    }

    private static string Serialize(StatsResult result) =>
        JsonSerializer.Serialize(new { result.Rows, result.TotalRows, result.TimeLabels });
}
