using System.Text.Json;
using Metronome.Server.Stats.Query;

namespace Metronome.Server.Tests.Stats;

/// <summary>The request parser alone: date ranges, defaults, filters and refusals.</summary>
public sealed class StatsQueryParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private static StatsQuery Parse(string json) => StatsQueryParser.Parse(JsonDocument.Parse(json).RootElement, Now);

    [Theory]
    [InlineData("\"day\"", "2026-11-21T00:00:00+00:00", "2026-11-21T23:59:59+00:00")]
    [InlineData("\"7d\"", "2026-11-15T00:00:00+00:00", "2026-11-21T23:59:59+00:00")]
    [InlineData("\"30d\"", "2026-10-23T00:00:00+00:00", "2026-11-21T23:59:59+00:00")]
    [InlineData("\"month\"", "2026-11-01T00:00:00+00:00", "2026-11-30T23:59:59+00:00")]
    [InlineData("\"6mo\"", "2026-06-01T00:00:00+00:00", "2026-11-30T23:59:59+00:00")]
    [InlineData("\"12mo\"", "2025-12-01T00:00:00+00:00", "2026-11-30T23:59:59+00:00")]
    [InlineData("\"year\"", "2026-01-01T00:00:00+00:00", "2026-12-31T23:59:59+00:00")]
    [InlineData("\"all\"", "1970-01-01T00:00:00+00:00", "2026-11-21T23:59:59+00:00")]
    [InlineData("[\"2026-11-01\",\"2026-11-07\"]", "2026-11-01T00:00:00+00:00", "2026-11-07T23:59:59+00:00")]
    [InlineData("[\"2026-11-01T12:00:00+02:00\",\"2026-11-01T15:59:59+02:00\"]", "2026-11-01T10:00:00+00:00", "2026-11-01T13:59:59+00:00")]
    public void Date_ranges_resolve_like_Plausible(string range, string first, string last)
    {
        var query = Parse($$"""{"site_id":"s","metrics":["visitors"],"date_range":{{range}}}""");
        Assert.Equal([first, last], query.Period.ToIso());
    }

    [Fact]
    public void Date_ranges_follow_the_time_zone()
    {
        var query = Parse("""{"site_id":"s","metrics":["visitors"],"date_range":"day","timezone":"America/New_York"}""");
        Assert.Equal(["2026-11-21T00:00:00-05:00", "2026-11-21T23:59:59-05:00"], query.Period.ToIso());
    }

    [Fact]
    public void Default_order_is_time_ascending_then_the_first_metric_descending()
    {
        var query = Parse("""{"site_id":"s","metrics":["pageviews","visitors"],"date_range":"7d","dimensions":["visit:browser","time:day"]}""");
        Assert.Equal([new OrderBy("time:day", false), new OrderBy("pageviews", true)], query.OrderBy);
        Assert.Equal(10_000, query.Limit);
        Assert.Equal(0, query.Offset);
    }

    [Fact]
    public void Filters_build_a_tree_with_an_implicit_and_at_the_top()
    {
        var query = Parse("""
            {"site_id":"s","metrics":["visitors"],"date_range":"7d","filters":[
              ["is","visit:country",["DE","FR"]],
              ["or",[["contains","event:page",["/blog"],{"case_sensitive":false}],["not",["matches","event:props:plan",["^p"]]]]]
            ]}
            """);
        var and = Assert.IsType<AndFilter>(query.Filter);
        var country = Assert.IsType<SimpleFilter>(and.Filters[0]);
        Assert.Equal(FilterOperator.Is, country.Operator);
        Assert.Equal("country", country.Dimension.Field);
        Assert.Equal(["DE", "FR"], country.Clauses);
        var or = Assert.IsType<OrFilter>(and.Filters[1]);
        var blog = Assert.IsType<SimpleFilter>(or.Filters[0]);
        Assert.False(blog.CaseSensitive);
        var not = Assert.IsType<NotFilter>(or.Filters[1]);
        var plan = Assert.IsType<SimpleFilter>(not.Filter);
        Assert.Equal("plan", plan.Dimension.Field);
        Assert.Single(plan.Patterns);
    }

    [Fact]
    public void Metrics_include_sums_and_averages_of_any_property()
    {
        var query = Parse("""{"site_id":"s","metrics":["sum:revenue","average:event:props:price"],"date_range":"7d"}""");
        Assert.Equal(new Metric(MetricKind.Sum, "sum:revenue", "revenue"), query.Metrics[0]);
        Assert.Equal(new Metric(MetricKind.Average, "average:event:props:price", "price"), query.Metrics[1]);
    }

    [Theory]
    [InlineData("""[]""", "body")]
    [InlineData("""{"metrics":["visitors"],"date_range":"7d"}""", "site_id")]
    [InlineData("""{"site_id":"s","metrics":[],"date_range":"7d"}""", "metrics")]
    [InlineData("""{"site_id":"s","metrics":["visitors","visitors"],"date_range":"7d"}""", "metrics[1]")]
    [InlineData("""{"site_id":"s","metrics":["visitors"],"date_range":["2026-11-07","2026-11-01"]}""", "date_range")]
    [InlineData("""{"site_id":"s","metrics":["visitors"],"date_range":"7d","dimensions":["time:day","time:hour"]}""", "dimensions[1]")]
    [InlineData("""{"site_id":"s","metrics":["visitors"],"date_range":"7d","filters":[["is","time:day",["2026-11-01"]]]}""", "filters[0]")]
    [InlineData("""{"site_id":"s","metrics":["visitors"],"date_range":"7d","filters":[["matches","event:goal",["x"]]]}""", "filters[0]")]
    [InlineData("""{"site_id":"s","metrics":["percentage"],"date_range":"7d"}""", "metrics")]
    [InlineData("""{"site_id":"s","metrics":["visitors"],"date_range":"7d","pagination":{"limit":0}}""", "pagination.limit")]
    [InlineData("""{"site_id":"s","metrics":["visitors"],"date_range":"7d","include":{"comparisons":{"mode":"lunar"}}}""", "include.comparisons")]
    [InlineData("""{"site_id":"s","metrics":["visitors"],"date_range":"7d","include":{"time_labels":true}}""", "include.time_labels")]
    [InlineData("""{"site_id":"s","metrics":["visitors"],"date_range":"7d","timezone":"Mars/Olympus"}""", "timezone")]
    [InlineData("""{"site_id":"s","metrics":["visitors"],"date_range":"7d","color":"red"}""", "color")]
    public void Bad_requests_name_the_member_at_fault(string json, string field)
    {
        var error = Assert.Throws<StatsQueryException>(() => Parse(json));
        Assert.Equal(field, error.Field);
    }
}
