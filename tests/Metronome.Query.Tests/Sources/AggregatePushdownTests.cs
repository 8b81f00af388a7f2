using System.Globalization;
using Metronome.Core.Events;
using Metronome.Query.Diagnostics;
using Metronome.Query.Execution;
using Metronome.Query.Sources;
using Metronome.Storage;

namespace Metronome.Query.Tests.Sources;

/// <summary>The store answering the first aggregation gives the same table as the engine computing it
/// over the same store's events, over segments, the tail and both.</summary>
public sealed class AggregatePushdownTests
{
    public static TheoryData<string> PushedQueries() =>
    [
        "* | count",
        "_sourcecategory=heroku | count by dyno | sort by dyno",
        "name=router | timeslice 1h | count by _timeslice | sort by _timeslice asc",
        "name=router | timeslice 15m | avg(service) as s, max(connect), min(bytes), sum(bytes) by _timeslice, dyno | sort by _timeslice, dyno",
        "name=router | timeslice 1d | pct(service, 50, 95, 99) by _timeslice, dyno | sort by dyno",
        "_sourcecategory=web | timeslice 1h | count_distinct(visitor) by _timeslice | sort + _timeslice",
        "name=router (status=500 OR status=503) | timeslice 5m | count by _timeslice, status | sort by _timeslice, status",
        "name=router status=503 | count by path | top 3 path by _count",
        "name=router info | count by method, path | sort by _count desc, method, path | limit 4",
        "name=router | count by dyno, status | transpose row dyno column status",
        "name=router | timeslice 1h | count by _timeslice, dyno | fillmissing timeslice(1h), values(\"web.1\", \"web.9\") in dyno | sort by _timeslice, dyno",
        "name=router | sum(bytes) as b by dyno | total b as all | b / all * 100 as share | sort by dyno",
        "name=router | avg(nosuchfield) as a, sum(nosuchfield) as s, count",
        "name=nothing | count",
        "name=router | count by nosuchfield",
        "name=router | where path matches /(?i)\\bCART\\b/ | count by dyno | sort by dyno",
        "* | where dyno = \"web.1\" and method in (\"GET\", \"put\") | count by path | sort by path",
        "* | where _raw matches \"*POST*\" | timeslice 1h | count by _timeslice | sort by _timeslice",
        "* | timeslice 1h | where contains(path, \"api\") and dyno != \"web.2\" | sum(bytes) by dyno | sort by dyno",
        "* | where dyno not in (\"web.1\", \"web.3\") | where path not matches \"/c*\" | count by dyno, path | sort by dyno, path",
        "* | where Method = \"get\" | count",
    ];

    public static TheoryData<string> EngineOnlyQueries() =>
    [
        "name=router | where status = 503 | count by dyno",
        "name=router | count(status) by dyno",
        "name=router | stddev(service) by dyno",
        "name=router status=5* | count by status",
        "\"method=GET path\" | count",
        "name=router | timeslice 1h | timeslice 5m | count by _timeslice",
        "!name=router | count",
        "* | where path matches /cart/ or dyno = \"web.1\" | count",
        "* | where !(dyno = \"web.1\") | count",
        "* | where dyno = \"web.1\" and status = 503 | count",
    ];

    [Theory]
    [MemberData(nameof(PushedQueries))]
    public async Task The_store_answers_and_agrees_with_the_engine(string query)
    {
        foreach (var layout in Enum.GetValues<TestStores.Layout>())
        {
            await using var store = await TestStores.WithAsync(RouterEvents.Generate(3000), layout);
            var counting = new CountingSource(new StoreEventSource(store));
            var pushed = await QueryEngine.ExecuteAsync(Request(query), counting);
            var engine = await QueryEngine.ExecuteAsync(Request(query) with { AggregatePushdown = false, WherePushdown = false }, counting);
            Assert.Equal(1, counting.Answered);
            Assert.Equal(Table(engine), Table(pushed));
            Assert.Equal(engine.Stats.Matched, pushed.Stats.Matched);
        }
    }

    [Theory]
    [MemberData(nameof(EngineOnlyQueries))]
    public async Task The_engine_runs_what_the_store_cannot_answer_exactly(string query)
    {
        await using var store = await TestStores.WithAsync(RouterEvents.Generate(500));
        var counting = new CountingSource(new StoreEventSource(store));
        var result = await QueryEngine.ExecuteAsync(Request(query), counting);
        var reference = await QueryEngine.ExecuteAsync(Request(query), new InMemoryEventSource(RouterEvents.Generate(500)));
        Assert.Equal(0, counting.Answered);
        Assert.Equal(Table(reference), Table(result));
    }

    [Fact]
    public async Task A_zone_change_inside_the_range_leaves_the_timeslice_to_the_engine()
    {
        await using var store = await TestStores.WithAsync(RouterEvents.Generate(200));
        var counting = new CountingSource(new StoreEventSource(store));
        var request = Request("name=router | timeslice 1d | count by _timeslice") with
        {
            TimeZone = "Europe/Paris",
            From = DateTimeOffset.Parse("2026-10-20T00:00:00Z", CultureInfo.InvariantCulture),
        };
        await QueryEngine.ExecuteAsync(request, counting);
        Assert.Equal(0, counting.Answered);

        await QueryEngine.ExecuteAsync(request with { From = RouterEvents.Day }, counting);
        Assert.Equal(1, counting.Answered);
    }

    [Fact]
    public async Task Too_many_groups_in_the_store_is_the_engine_error()
    {
        await using var store = await TestStores.WithAsync(RouterEvents.Generate(500));
        var error = await Assert.ThrowsAsync<QueryException>(() =>
            QueryEngine.ExecuteAsync(Request("* | count by bytes") with { MaxGroups = 10 }, new StoreEventSource(store)));
        Assert.Equal(DiagnosticCode.TooManyGroups, error.Diagnostic.Code);
    }

    internal static QueryRequest Request(string query) => new()
    {
        Query = query,
        App = "shop",
        From = RouterEvents.Day,
        To = RouterEvents.Day.AddDays(1),
    };

    internal static List<string> Table(QueryResult result)
    {
        var lines = new List<string> { string.Join(" | ", result.Columns.Select(c => c.Name + ":" + c.Type)) };
        lines.AddRange(result.Rows.Select(r => string.Join(" | ", r.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "null"))));
        return lines;
    }

    /// <summary>Passes through and counts the aggregations the inner source answered.</summary>
    private sealed class CountingSource(StoreEventSource inner) : IEventSource, IAggregateSource
    {
        public int Answered { get; private set; }

        public SourceCapabilities Describe(ScanSpec spec) => inner.Describe(spec);

        public IAsyncEnumerable<EventBatch> ScanAsync(ScanSpec spec, CancellationToken cancellationToken) => inner.ScanAsync(spec, cancellationToken);

        public AggregateAnswer? TryAggregate(ScanSpec spec, AggregateRequest request, CancellationToken cancellationToken)
        {
            var answer = inner.TryAggregate(spec, request, cancellationToken);
            Answered += answer is null ? 0 : 1;
            return answer;
        }
    }
}
