using System.Text.Json;

namespace Metronome.Server.Tests.Stats;

/// <summary>Refusals: 400 with Plausible's <c>error</c> member and the problem+json members beside it.</summary>
public sealed class StatsErrorTests(TrafficFixture traffic) : IClassFixture<TrafficFixture>
{
    private ServerFixture Server => traffic.Server;

    [Theory]
    [InlineData("""{"site_id":"SITE","metrics":["foo"],"date_range":"7d"}""", "metrics[0]", "#/metrics/0: Invalid metric \"foo\"")]
    [InlineData("""{"site_id":"SITE","metrics":["visitors"]}""", "date_range", "Invalid query: date_range is required")]
    [InlineData("""{"site_id":"SITE","metrics":["visitors"],"date_range":"3d"}""", "date_range", "Invalid date_range '3d': expected day, 7d, 28d, 30d, 91d, month, 6mo, 12mo, year, all or [\"YYYY-MM-DD\", \"YYYY-MM-DD\"]")]
    [InlineData("""{"site_id":"SITE","metrics":["bounce_rate"],"date_range":"7d","dimensions":["event:page"]}""", "metrics", "Metric `bounce_rate` cannot be queried with event dimensions")]
    [InlineData("""{"site_id":"SITE","metrics":["conversion_rate"],"date_range":"7d"}""", "metrics", "Metric `conversion_rate` can only be queried with event:goal filters or dimensions")]
    [InlineData("""{"site_id":"SITE","metrics":["visitors"],"date_range":"7d","dimensions":["visit:planet"]}""", "dimensions[0]", "#/dimensions/0: Invalid dimension \"visit:planet\"")]
    [InlineData("""{"site_id":"SITE","metrics":["visitors"],"date_range":"7d","filters":[["equals","event:page",["/"]]]}""", "filters[0]", "Invalid filter [\"equals\",\"event:page\",[\"/\"]]: unknown operator 'equals'")]
    [InlineData("""{"site_id":"SITE","metrics":["visitors"],"date_range":"7d","filters":[["matches","event:page",["("]]]}""", "filters[0]", "Invalid regular expression '(': Invalid pattern '(' at offset 1. Not enough )'s.")]
    [InlineData("""{"site_id":"SITE","metrics":["visitors"],"date_range":"7d","order_by":[["pageviews","desc"]]}""", "order_by[0]", "Invalid order_by entry 'pageviews': it must be listed in metrics or dimensions")]
    [InlineData("""{"site_id":"SITE","metrics":["visitors"],"date_range":"all","include":{"comparisons":{"mode":"previous_period"}}}""", "include.comparisons", "Comparisons are not possible with date_range \"all\"")]
    [InlineData("""not json""", "body", null)]
    public async Task Bad_queries_get_400_with_an_error_message(string body, string field, string? error)
    {
        var (status, answer, type) = await WebTraffic.QueryAsync(Server, "/api/v2/query", body.Replace("SITE", Server.App, StringComparison.Ordinal));
        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", type);
        var root = JsonDocument.Parse(answer).RootElement;
        Assert.Equal(field, root.GetProperty("field").GetString());
        Assert.Equal("invalid-query", root.GetProperty("code").GetString());
        Assert.Equal(400, root.GetProperty("status").GetInt32());
        if (error is not null)
        {
            Assert.Equal(error, root.GetProperty("error").GetString());
        }
    }

    [Fact]
    public async Task A_read_key_reads_only_its_own_site()
    {
        var (status, answer, _) = await WebTraffic.QueryAsync(Server, "/api/v2/query", """{"site_id":"someone-else","metrics":["visitors"],"date_range":"7d"}""");
        Assert.Equal(403, status);
        Assert.Contains("someone-else", JsonDocument.Parse(answer).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_key_cannot_read_stats()
    {
        var (status, _, _) = await WebTraffic.QueryAsync(Server, "/api/v2/query", $$"""{"site_id":"{{Server.App}}","metrics":["visitors"],"date_range":"7d"}""", key: Server.WriteKey);
        Assert.Equal(403, status);
    }

    [Fact]
    public async Task A_funnel_needs_at_least_two_steps()
    {
        var (status, answer, _) = await WebTraffic.QueryAsync(Server, "/api/v2/funnel", $$"""{"site_id":"{{Server.App}}","date_range":"7d","steps":[{"page":"/"}]}""");
        Assert.Equal(400, status);
        Assert.Equal("steps", JsonDocument.Parse(answer).RootElement.GetProperty("field").GetString());
    }
}
