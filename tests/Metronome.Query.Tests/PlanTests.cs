using System.Globalization;
using System.Runtime.CompilerServices;
using Metronome.Core.Events;
using Metronome.Query.Execution;
using Metronome.Query.Sources;

namespace Metronome.Query.Tests;

public sealed class PlanTests
{
    private static QueryRequest Request(string query) => new()
    {
        Query = query,
        App = "test",
        From = DateTimeOffset.Parse("2026-11-01T00:00:00Z", CultureInfo.InvariantCulture),
        To = DateTimeOffset.Parse("2026-11-02T00:00:00Z", CultureInfo.InvariantCulture),
    };

    [Fact]
    public void The_scope_is_pushed_down_with_terms_field_conditions_and_projection()
    {
        var plan = QueryEngine.Plan(Request("_sourceCategory=heroku \"Build Succeeded\" (a or b) | parse regex field=path \"(?<p>x)\" | count by p"));
        var spec = plan.ScanSpec(Request("*"));
        Assert.Equal(["build", "succeeded"], spec.RequiredTerms);
        Assert.Equal("_sourceCategory", Assert.Single(spec.RequiredFields).Field);
        Assert.NotNull(spec.Fields);
        Assert.Contains("path", spec.Fields!);
        Assert.Contains("_raw", spec.Fields!); // keywords may need verifying on _raw
        Assert.Equal(1_793_491_200_000_000, spec.FromUs);
    }

    [Theory]
    [InlineData("""* | parse regex "dyno=(?<dyno>.*?(?= )) status=(?<status>\d+)" | count by status""", "_raw")]
    [InlineData("""* | parse "a=*;" as a | a as b | num(b) | count by a, b, c | sort by _count | where c > 1""", "_raw, c")]
    [InlineData("""* | parse "b=*;" as b | where a = b | parse "a=*;" as A | count by a""", "_raw, a")]
    [InlineData("""* | x + 1 as x | count by x""", "x")]
    public void The_source_reads_only_fields_an_event_may_still_show(string query, string fields)
    {
        var plan = QueryEngine.Plan(Request(query));
        Assert.Equal(fields, string.Join(", ", plan.ScanSpec(Request("*")).Fields!.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void A_raw_query_reads_every_field()
    {
        var plan = QueryEngine.Plan(Request("error | parse \"a=*\" as a"));
        Assert.Null(plan.ScanSpec(Request("*")).Fields);
        Assert.True(plan.NewestFirst);
    }

    [Fact]
    public void The_ingest_field_rewrite_applies_only_when_the_source_declares_the_field()
    {
        var query = "* | parse regex \"service=(?<service>\\d+)\" | avg(service)";
        var withField = QueryEngine.Plan(Request(query), new SourceCapabilities(new HashSet<string> { "service" }));
        Assert.Single(withField.Rewrites);
        Assert.DoesNotContain("_raw", withField.ScanSpec(Request("*")).Fields!);
        Assert.Empty(QueryEngine.Plan(Request(query)).Rewrites);
        Assert.Empty(QueryEngine.Plan(Request("* | parse regex \"service=(?<service>\\d+)ms\" | avg(service)"), withField.Rewrites.Count > 0 ? new SourceCapabilities(new HashSet<string> { "service" }) : null).Rewrites);
    }

    [Fact]
    public async Task The_engine_verifies_the_scope_when_a_source_returns_unfiltered_batches()
    {
        var events = new[]
        {
            new Event("test", "log", 1_793_491_201_000_000, 0, [new("_raw", FieldValue.From("an error"))]),
            new Event("test", "log", 1_793_491_202_000_000, 0, [new("_raw", FieldValue.From("fine"))]),
        };
        var result = await QueryEngine.ExecuteAsync(Request("error | count"), new UnfilteredSource(events));
        Assert.Equal(1L, result.Rows[0][0]);
        Assert.Equal(2, result.Stats.Scanned);
    }

    [Fact]
    public async Task A_cancelled_query_stops()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        var events = Enumerable.Range(0, 5000).Select(i => new Event("test", "log", 1_793_491_201_000_000 + i, 0, [new("_raw", FieldValue.From("x"))])).ToArray();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => QueryEngine.ExecuteAsync(Request("* | count"), new InMemoryEventSource(events), cancel.Token));
    }

    [Fact]
    public async Task Results_serialize_as_json_and_csv()
    {
        var events = new[] { new Event("test", "log", 1_793_491_201_000_000, 0, [new("_raw", FieldValue.From("a,\"b\""))]) };
        var result = await QueryEngine.ExecuteAsync(Request("* | count by _raw"), new InMemoryEventSource(events));
        Assert.Equal("{\"columns\":[{\"name\":\"_raw\",\"type\":\"string\"},{\"name\":\"_count\",\"type\":\"long\"}],\"rows\":[[\"a,\\u0022b\\u0022\",1]],\"stats\":{\"scanned\":1,\"matched\":1,\"elapsedMs\":" + result.Stats.ElapsedMs + ",\"totalRows\":1}}", ResultWriter.ToJson(result));
        var csv = new StringWriter();
        ResultWriter.WriteCsv(result, csv);
        Assert.Equal("_raw,_count\r\n\"a,\"\"b\"\"\",1\r\n", csv.ToString());
    }

    private sealed class UnfilteredSource(IReadOnlyList<Event> events) : IEventSource
    {
        public SourceCapabilities Describe(ScanSpec spec) => SourceCapabilities.None;

        public async IAsyncEnumerable<EventBatch> ScanAsync(ScanSpec spec, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            yield return new EventBatch(events, FilterApplied: false);
        }
    }
}
