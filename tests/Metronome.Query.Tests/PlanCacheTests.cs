using System.Globalization;
using Metronome.Core.Events;
using Metronome.Query.Diagnostics;
using Metronome.Query.Execution;
using Metronome.Query.Sources;

namespace Metronome.Query.Tests;

/// <summary>QueryEngine.Plan reuses bound plans: only where the plan would come out the same, and a
/// shared plan answers concurrent runs each with their own results.</summary>
public sealed class PlanCacheTests
{
    private static readonly DateTimeOffset Day = DateTimeOffset.Parse("2026-11-01T00:00:00Z", CultureInfo.InvariantCulture);

    private static QueryRequest Request(string query, DateTimeOffset? from = null, DateTimeOffset? to = null, string zone = "UTC") => new()
    {
        Query = query,
        App = "test",
        From = from ?? Day,
        To = to ?? Day.AddDays(1),
        TimeZone = zone,
    };

    [Theory]
    [MemberData(nameof(LanguageCaseTests.Cases), MemberType = typeof(LanguageCaseTests))]
    public async Task Every_language_case_gives_its_table_again_from_the_cached_plan(string id)
    {
        var c = LanguageCase.LoadAll().Single(x => x.ToString() == id);
        var expected = string.Join("\n", c.Expected);
        Assert.Equal(expected, string.Join("\n", await LanguageCaseTests.Run(c)));
        Assert.Equal(expected, string.Join("\n", await LanguageCaseTests.Run(c)));
    }

    [Fact]
    public void The_same_query_is_bound_once_for_any_range_when_the_plan_does_not_read_it()
    {
        const string query = "* | parse \"a=*;\" as a | timeslice 1h | count by _timeslice, a /* plan cache 1 */";
        var first = QueryEngine.Plan(Request(query));
        Assert.False(first.ReadsTimeRange);
        Assert.Same(first, QueryEngine.Plan(Request(query)));
        Assert.Same(first, QueryEngine.Plan(Request(query, Day.AddDays(3), Day.AddDays(5))));
    }

    [Fact]
    public void A_plan_that_read_the_range_is_reused_only_for_that_range()
    {
        // 'timeslice 4 buckets' picks its period from the range: 6 h over one day, 12 h over two.
        const string query = "* | timeslice 4 buckets | count by _timeslice /* plan cache 2 */";
        var oneDay = QueryEngine.Plan(Request(query));
        var twoDays = QueryEngine.Plan(Request(query, Day, Day.AddDays(2)));
        Assert.True(oneDay.ReadsTimeRange);
        Assert.NotSame(oneDay, twoDays);
        Assert.Contains("timeslice 21600000 ms", oneDay.Steps);
        Assert.Contains("timeslice 43200000 ms", twoDays.Steps);
        Assert.Same(twoDays, QueryEngine.Plan(Request(query, Day, Day.AddDays(2))));
    }

    [Fact]
    public void Zone_variables_and_options_are_part_of_the_key()
    {
        const string query = "* | where a = \"{{v}}\" | count /* plan cache 3 */";
        var x = QueryEngine.Plan(Request(query) with { Variables = new Dictionary<string, string> { ["v"] = "x" } });
        var y = QueryEngine.Plan(Request(query) with { Variables = new Dictionary<string, string> { ["v"] = "y" } });
        Assert.NotSame(x, y);
        Assert.Contains("where a = \"y\" applied by the scan", y.Rewrites);
        Assert.NotSame(x, QueryEngine.Plan(Request(query, zone: "Europe/Berlin") with { Variables = new Dictionary<string, string> { ["v"] = "x" } }));
        var engineWhere = QueryEngine.Plan(Request(query) with { Variables = new Dictionary<string, string> { ["v"] = "x" }, WherePushdown = false });
        Assert.NotSame(x, engineWhere);
        Assert.Contains("where", engineWhere.Steps);
        Assert.Same(x, QueryEngine.Plan(Request(query) with { Variables = new Dictionary<string, string> { ["v"] = "x" } }));
    }

    [Fact]
    public void Errors_are_reported_on_every_request()
    {
        const string query = "* | count by /* plan cache 4 */";
        var first = Assert.Throws<QueryException>(() => QueryEngine.Plan(Request(query)));
        var second = Assert.Throws<QueryException>(() => QueryEngine.Plan(Request(query)));
        Assert.Equal(first.Diagnostic.Code, second.Diagnostic.Code);
        Assert.Equal(first.Diagnostic.Column, second.Diagnostic.Column);
    }

    [Fact]
    public async Task Concurrent_runs_of_one_transpose_plan_keep_their_own_columns()
    {
        const string query = "* | parse \"h=* l=*;\" as host, level | count by host, level | transpose row host column level /* plan cache 5 */";
        var errors = Lines("h=a l=error;", "h=b l=error;", "h=a l=warn;");
        var infos = Lines("h=a l=info;", "h=c l=debug;");
        var runs = Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            QueryEngine.ExecuteAsync(Request(query), new InMemoryEventSource(i % 2 == 0 ? errors : infos)))).ToArray();
        var results = await Task.WhenAll(runs);
        for (var i = 0; i < results.Length; i++)
        {
            var columns = results[i].Columns.Select(c => c.Name).ToArray();
            Assert.Equal(i % 2 == 0 ? ["host", "error", "warn"] : ["host", "debug", "info"], columns);
        }
    }

    private static Event[] Lines(params string[] lines) =>
        lines.Select((line, i) => new Event("test", "log", (Day.ToUnixTimeMilliseconds() + i) * 1000, 0, [new("_raw", FieldValue.From(line))])).ToArray();
}
