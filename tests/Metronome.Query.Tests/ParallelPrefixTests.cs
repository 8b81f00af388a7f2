using Metronome.Query.Execution;
using Metronome.Query.Sources;
using Metronome.Query.Tests.Sources;

namespace Metronome.Query.Tests;

/// <summary>Loading rows and the leading row-local stages on several threads gives the same table, rows
/// in the same order, as one thread: groups come out in first-seen order, so a limit without a sort shows
/// the arrival order.</summary>
public sealed class ParallelPrefixTests
{
    public static TheoryData<string> Queries() =>
    [
        """* | parse regex "dyno=(?<dyno>\S+) connect=(?<connect>\d+)ms service=(?<service>\d+)ms status=(?<status>\d+)" | count by status, dyno | sort by status, dyno""",
        """* | parse regex "service=(?<s>\d+?)ms" | where s > 100 | timeslice 1h | avg(s) as a, count by _timeslice | sort by _timeslice""",
        """* | parse "path=\"*\"" as p | parse regex "fwd=\"(?<ip>[^\"]+)\"" | first(ip) as f, last(ip) as l by p | sort by p""",
        """* | parse regex field=_raw "(?<d>\d)ms" multi | d * 2 as dd | fields d, dd | limit 40""",
        """name=router | where _raw matches /(?i)POST/ | parse "status=* " as status nodrop | count by status | sort by status | accum _count""",
        """* | parse "dyno=* " as dyno | where dyno matches "web.[12]" or dyno = "web.3" | fields dyno, status | limit 25""",
        """* | parse regex "request_id=(?<id>\S+)" | count by id | limit 5""",
    ];

    [Fact]
    public async Task A_failure_on_a_worker_fails_the_query_with_its_error()
    {
        var source = new InMemoryEventSource(RouterEvents.Generate(3_000), batchSize: 100);
        var request = AggregatePushdownTests.Request("* | \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\" as s | parse regex field=s \"^(?<x>(a|aa)+)$\" | count") with { MaxParallelism = 3 };
        var error = await Assert.ThrowsAsync<Diagnostics.QueryException>(() => QueryEngine.ExecuteAsync(request, source));
        Assert.Equal(Diagnostics.DiagnosticCode.RegexTimeout, error.Code);
    }

    [Fact]
    public void A_regex_parse_stops_at_the_next_row_once_the_query_is_cancelled()
    {
        // What lets the other workers of a failed query stop instead of timing out on every row of their batch.
        var slots = new Planning.FieldSlots();
        var output = slots.GetOrAdd("x");
        var regex = new System.Text.RegularExpressions.Regex("(?<x>a)");
        var op = new Execution.Operators.ParseRegexOperator(Planning.FieldSlots.Raw, regex, [regex.GroupNumberFromName("x")], [output], [true], multi: false, nodrop: false)
        {
            Next = new Execution.Operators.ResultSink(newestFirst: false, keep: 10),
        };
        var batch = new RowBatch();
        batch.Add([0L, "a"]);
        var context = new QueryContext(slots, AggregatePushdownTests.Request("*"), 0, TimeZoneInfo.Utc, new CancellationToken(canceled: true));
        Assert.Throws<OperationCanceledException>(() => op.Push(batch, context));
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Several_threads_give_the_one_thread_table(string query)
    {
        // Small scanned batches (one task each) and large ones (cut into several tasks).
        foreach (var batchSize in new[] { 37, 2_000 })
        {
            var source = new InMemoryEventSource(RouterEvents.Generate(5_000), batchSize: batchSize);
            var request = AggregatePushdownTests.Request(query) with { Limit = 10_000 };
            var one = await QueryEngine.ExecuteAsync(request with { MaxParallelism = 1 }, source);
            var several = await QueryEngine.ExecuteAsync(request with { MaxParallelism = 3 }, source);
            Assert.True(one.Rows.Count > 1, "the query should return rows");
            Assert.Equal(AggregatePushdownTests.Table(one), AggregatePushdownTests.Table(several));
            Assert.Equal(one.Stats.Matched, several.Stats.Matched);
            Assert.Equal(one.Stats.Scanned, several.Stats.Scanned);
        }
    }
}
