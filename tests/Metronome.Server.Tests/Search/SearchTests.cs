using System.Net;
using System.Text.Json;
using Metronome.Query.Execution;
using Metronome.Query.Sources;
using Metronome.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Metronome.Server.Tests.Search.SearchClient;

namespace Metronome.Server.Tests.Search;

public sealed class SearchTests
{
    [Fact]
    public async Task Raw_queries_page_messages_newest_first_with_their_fields()
    {
        await using var server = await ServerFixture.StartAsync();
        await PostTicksAsync(server, HerokuLines.Ticks(10));

        var page = await SearchJsonAsync(server, "_sourcecategory=heroku name=router", limit: 3, offset: 2);
        var columns = Columns(page);
        Assert.Equal(["_messagetime", "_raw"], columns.Take(2));
        Assert.Contains("dyno", columns);
        Assert.Equal(10, page.GetProperty("stats").GetProperty("totalRows").GetInt64());
        var times = page.GetProperty("rows").EnumerateArray().Select(r => r[0].GetInt64()).ToList();
        var expected = Enumerable.Range(0, 3).Select(i => new DateTimeOffset(2026, 11, 21, 6, 7 - i, 0, TimeSpan.Zero).ToUnixTimeMilliseconds());
        Assert.Equal(expected, times);
        Assert.Equal("timestamp", page.GetProperty("columns")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Aggregates_answer_a_table_with_typed_columns_and_stats()
    {
        await using var server = await ServerFixture.StartAsync();
        await PostTicksAsync(server, HerokuLines.Ticks(30));

        var result = await SearchJsonAsync(server, "name=router | count as n, avg(service) as s by dyno | sort by dyno asc");
        Assert.Equal(["dyno", "n", "s"], Columns(result));
        Assert.Equal(["string", "long", "double"], result.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("type").GetString()));
        Assert.Equal(["web.1", "web.2", "web.3"], Rows(result).Select(r => r[0]));
        Assert.Equal(30, Rows(result).Sum(r => long.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(30, result.GetProperty("stats").GetProperty("matched").GetInt64());
    }

    [Fact]
    public async Task Accept_text_csv_gives_csv()
    {
        await using var server = await ServerFixture.StartAsync();
        await PostTicksAsync(server, HerokuLines.Ticks(14));

        using var response = await SearchAsync(server, new { query = "name=router | count by status | sort by status asc", from = From, to = To }, accept: "text/csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("status,_count\r\n200,12\r\n503,2\r\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_syntax_error_is_a_400_problem_with_code_position_and_expectation()
    {
        await using var server = await ServerFixture.StartAsync();
        using var response = await SearchAsync(server, new { query = "_sourcecategory=heroku\n| timeslice 5m\n| count by", from = From, to = To });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("MQL2001", problem.GetProperty("code").GetString());
        var errors = problem.GetProperty("errors");
        Assert.Equal(3, errors.GetProperty("line").GetInt32());
        Assert.Equal(11, errors.GetProperty("column").GetInt32());
        Assert.StartsWith("a field name after 'by'", errors.GetProperty("expected").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("at 3:11", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"query": "| count", "from": "yesterday"}""", "from")]
    [InlineData("""{"from": "-1d"}""", "query")]
    [InlineData("""{"query": "*", "limit": 100000}""", "offset")]
    public async Task Bad_request_members_are_named(string body, string field)
    {
        await using var server = await ServerFixture.StartAsync();
        using var response = await server.PostAsync("/api/search", body, key: server.ReadKey);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Searching_needs_a_read_key()
    {
        await using var server = await ServerFixture.StartAsync();
        using var response = await SearchAsync(server, new { query = "*" }, key: "nope");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Relative_times_and_epoch_milliseconds_are_accepted()
    {
        await using var server = await ServerFixture.StartAsync();
        await PostTicksAsync(server, HerokuLines.Ticks(5));
        var relative = await SearchJsonAsync(server, "name=router | count", from: "-1d", to: "now");
        Assert.Equal("5", Rows(relative)[0][0]);
        using var response = await SearchAsync(server, new { query = "name=router | count", from = 1_763_683_200_000L, to = "now" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_build_trend_seed_query_runs_unchanged()
    {
        await using var server = await ServerFixture.StartAsync();
        await PostTicksAsync(server, HerokuLines.Ticks(60));
        const string Query = """
            _sourceCategory="Heroku" "Build Succeeded"
            | where _sourceName matches "{{log_drain}}"
            | _sourceName as log_drain
            | timeslice 5m
            | count by log_drain, _timeslice
            | transpose row _timeslice column log_drain
            """;
        var result = await SearchJsonAsync(server, Query, vars: new { log_drain = "*" });
        Assert.Equal(["_timeslice", "d.alpha"], Columns(result));
        var hours = result.GetProperty("rows").EnumerateArray()
            .Select(r => DateTimeOffset.FromUnixTimeMilliseconds(r[0].GetInt64()).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture))
            .Order(StringComparer.Ordinal);
        Assert.Equal(["06:00", "06:20", "06:40"], hours);
        Assert.All(Rows(result), r => Assert.Equal("1", r[1]));
    }

    [Fact]
    public async Task The_memory_seed_query_runs_unchanged()
    {
        await using var server = await ServerFixture.StartAsync();
        await PostTicksAsync(server, HerokuLines.Ticks(30));
        const string Query = """
            _sourceCategory="Heroku"
            | parse regex "dyno=(?<dyno>.*?(?= )).*memory_total=(?<memory_total>.*?(?=MB )).*memory_rss=(?<memory_rss>.*?(?=MB )).*memory_cache=(?<memory_cache>.*?(?=MB )).*memory_swap=(?<memory_swap>.*?(?=MB ))"
            | where dyno matches "{{dyno}}" and _sourceName matches "{{log_drain}}"
            | timeslice 5m
            | avg(memory_total) as memory_total, avg(memory_rss) as resident_memory, avg(memory_cache) as disk_cache_memory, avg(memory_swap) as swap_memory by _timeslice
            | sort by _timeslice asc
            """;
        var result = await SearchJsonAsync(server, Query, vars: new { dyno = "*", log_drain = "*" });
        Assert.Equal(["_timeslice", "memory_total", "resident_memory", "disk_cache_memory", "swap_memory"], Columns(result));
        var rows = result.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(6, rows.Count);
        Assert.Equal([180.5, 185.5, 190.5, 195.5, 200.5, 205.5], rows.Select(r => r[1].GetDouble()));
        Assert.All(rows, r => Assert.Equal(100.0, r[2].GetDouble()));
    }

    [Theory]
    [InlineData("name=router | timeslice 5m | count by _timeslice, dyno | sort by _timeslice, dyno")]
    [InlineData("_sourcecategory=heroku (status=503 OR status=404) | avg(service), max(service), pct(service, 50, 90) by dyno | sort by dyno")]
    [InlineData("name=router | sum(service) as total by status | total total as all | sort by status")]
    public async Task The_store_pushdown_answers_what_the_engine_answers(string query)
    {
        await using var server = await ServerFixture.StartAsync();
        await PostTicksAsync(server, HerokuLines.Ticks(90));
        var viaApi = await SearchJsonAsync(server, query);

        var store = server.Services.GetRequiredService<IEventStore>();
        var request = new QueryRequest { Query = query, App = server.App, From = DateTimeOffset.Parse(From, System.Globalization.CultureInfo.InvariantCulture), To = DateTimeOffset.Parse(To, System.Globalization.CultureInfo.InvariantCulture) };
        var engine = await QueryEngine.ExecuteAsync(request with { AggregatePushdown = false }, new StoreEventSource(store));
        Assert.Equal(JsonDocument.Parse(ResultWriter.ToJson(engine)).RootElement.GetProperty("rows").ToString(), viaApi.GetProperty("rows").ToString());
        Assert.Equal(engine.Stats.Matched, viaApi.GetProperty("stats").GetProperty("matched").GetInt64());
    }
}
