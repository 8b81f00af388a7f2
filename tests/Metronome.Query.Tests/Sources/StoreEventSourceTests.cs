using Metronome.Core.Events;
using Metronome.Query.Execution;
using Metronome.Query.Planning;
using Metronome.Query.Sources;
using Metronome.Storage.Scanning;

namespace Metronome.Query.Tests.Sources;

public sealed class StoreEventSourceTests
{
    [Theory]
    [InlineData("name=router dyno=web.2", true)]
    [InlineData("_sourcecategory=HEROKU", true)]
    [InlineData("status=503", true)]
    [InlineData("(status=503 OR status=404) method=GET", true)]
    [InlineData("info", true)]
    [InlineData("_sourcename=*", true)]
    [InlineData("dyno=web.*", false)]
    [InlineData("\"method=GET\"", false)]
    [InlineData("serv*", false)]
    [InlineData("!status=200", false)]
    [InlineData("status=503 OR method=POST", false)]
    public async Task Scans_return_what_the_scope_matches_and_say_whether_the_store_applied_it(string scope, bool exact)
    {
        var events = RouterEvents.Generate(400);
        await using var store = await TestStores.WithAsync(events, TestStores.Layout.Both);
        var spec = Spec(scope);
        var batches = new List<EventBatch>();
        await foreach (var batch in new StoreEventSource(store, batchSize: 50).ScanAsync(spec, CancellationToken.None))
        {
            batches.Add(batch);
        }

        var matcher = new ScanFilterMatcher(spec.Filter);
        var returned = batches.SelectMany(b => b.Events).ToList();
        Assert.All(batches, b => Assert.Equal(exact, b.FilterApplied));
        Assert.All(batches, b => Assert.InRange(b.Events.Count, 1, 50));
        var expected = events.Where(matcher.Matches).Select(e => e.TimeUs).Order().ToList();
        Assert.Equal(expected, returned.Where(matcher.Matches).Select(e => e.TimeUs).Order().ToList());
        if (exact)
        {
            Assert.Equal(expected.Count, returned.Count);
        }
    }

    [Fact]
    public void Canonical_integers_are_compared_as_numbers_so_integer_blocks_prune()
    {
        var translation = StoreScanTranslation.Of(Spec("status=503 path=007 flag=1"));
        Assert.True(translation.Exact);
        Assert.Equal(
            [FieldValue.From(503L), FieldValue.From("007"), FieldValue.From("1")],
            translation.Query.Filters.Select(f => f.Values[0]).ToList());
        Assert.All(translation.Query.Filters, f => Assert.Equal(FilterOp.In, f.Op));
    }

    [Fact]
    public void A_plain_keyword_needs_raw_because_the_store_would_fall_back_to_message()
    {
        var translation = StoreScanTranslation.Of(Spec("Info"));
        Assert.Equal(["info"], translation.Query.Terms);
        Assert.Contains(translation.Query.Filters, f => f.Field == FieldNames.Raw && f.Op == FilterOp.Exists);
    }

    [Fact]
    public async Task A_cancelled_scan_stops()
    {
        await using var store = await TestStores.WithAsync(RouterEvents.Generate(2000));
        using var cancellation = new CancellationTokenSource();
        var seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var batch in new StoreEventSource(store, batchSize: 100).ScanAsync(Spec("*"), cancellation.Token))
            {
                seen += batch.Events.Count;
                await cancellation.CancelAsync();
            }
        });
        Assert.Equal(100, seen);
    }

    [Fact]
    public void Router_fields_are_not_declared_digit_fields()
    {
        Assert.Empty(new StoreEventSource(null!).Describe(Spec("*")).DigitFieldsFromRaw);
    }

    [Theory]
    [InlineData("name=router | count by dyno, status", true)]
    [InlineData("dyno=web.* | count by status", false)]
    [InlineData("* | parse regex \"service=(?<s>\\d+)ms\" | count by s, name", true)]
    public async Task Aggregating_scans_read_only_the_fields_the_engine_reads(string query, bool exact)
    {
        var events = RouterEvents.Generate(400);
        await using var store = await TestStores.WithAsync(events, TestStores.Layout.Both);
        var request = AggregatePushdownTests.Request(query);
        var spec = QueryEngine.Plan(request).ScanSpec(request);
        var returned = new List<Event>();
        await foreach (var batch in new StoreEventSource(store, batchSize: 50).ScanAsync(spec, CancellationToken.None))
        {
            Assert.Equal(exact, batch.FilterApplied);
            returned.AddRange(batch.Events);
        }

        // Each returned event reads like the stored one for every field the engine asks for, and holds no other field.
        var byTime = events.ToDictionary(e => e.TimeUs);
        var readable = spec.Fields!.Concat(exact ? [] : ["dyno"]).ToList();
        var matcher = new ScanFilterMatcher(spec.Filter);
        Assert.Equal(events.Count(matcher.Matches), exact ? returned.Count : returned.Count(matcher.Matches));
        Assert.NotEmpty(returned);
        foreach (var e in returned)
        {
            var original = byTime[e.TimeUs];
            Assert.Equal(original.App, e.App);
            foreach (var field in readable)
            {
                Assert.Equal(EventFields.Get(original, field), EventFields.Get(e, field));
            }

            Assert.All(e.Fields, f => Assert.Contains(f.Key, readable, StringComparer.OrdinalIgnoreCase));
        }
    }

    /// <summary>The scan of a raw query: whole events.</summary>
    private static ScanSpec Spec(string scope)
    {
        var request = AggregatePushdownTests.Request(scope);
        QueryPlan plan = QueryEngine.Plan(request);
        return plan.ScanSpec(request);
    }
}
