using System.Globalization;
using Metronome.Core.Events;
using Metronome.Query.Execution;
using Metronome.Query.Sources;

namespace Metronome.Query.Tests.Sources;

/// <summary>Leading <c>where</c> conditions handed to the scan give the same rows as the engine evaluating
/// them: random conditions of every pushed form over values that tempt a wrong translation (other case,
/// numbers, numeric text, bools, absent fields, line breaks, non-ASCII), over the store's segments and
/// tail and over memory, against the engine with <see cref="QueryRequest.WherePushdown"/> off.</summary>
public sealed class WherePushdownTests
{
    private static readonly FieldValue[] Values =
    [
        "view", "View", "VIEW", "views", "a view", "web.1", "web.10", "500", "5e2", " 500", "true", "", "line\nbreak",
        "Zürich", "straße", "K", "\u212A", "x*y", "a.b", 500L, 5L, 0L, 500.0, 2.5, true, false,
        "200", " 200", "200.0", "2e2", 200L, 200.0, 200.5, "200.5", -0.0, 1e-7, "1E-07", "0", "-0", 1L,
    ];

    private static readonly string[] Literals = ["view", "View", "web.1", "true", "", "line\nbreak", "Zürich", "k", "x*y", "a.b", "views", "*", "200", "200.5", "0", "-0", "1E-07", "1", "200.0", "5e2", " 200"];

    private static readonly string[] Patterns = ["(?i)view", @"^\d+$", @"(?i)\bK\b", "e$", "^$", "ü", @"\.", "(?i)^V"];

    private static readonly string[] Globs = ["view*", "*e*", "?iew", "V*", "*", "web.?", "x\\*y*", "line*", "*ß*"];

    [Fact]
    public async Task Random_pushed_conditions_equal_the_engine()
    {
        var random = new Random(5150);
        var events = Generate(random, 400);
        await using var store = await TestStores.WithAsync(events, TestStores.Layout.Both);
        var sources = new IEventSource[] { new StoreEventSource(store, batchSize: 7), new InMemoryEventSource(events) };
        var pushedSome = 0;
        for (var q = 0; q < 250; q++)
        {
            var condition = string.Join(" and ", Enumerable.Range(0, random.Next(1, 3)).Select(_ => Condition(random)));
            foreach (var shape in new[] { "count by kind", "count" })
            {
                var query = $"* | where {condition} | {shape}";
                var reference = AggregatePushdownTests.Table(await QueryEngine.ExecuteAsync(Request(query) with { WherePushdown = false }, new InMemoryEventSource(events)));
                pushedSome += QueryEngine.Plan(Request(query)).Rewrites.Count > 0 ? 1 : 0;
                foreach (var source in sources)
                {
                    var actual = AggregatePushdownTests.Table(await QueryEngine.ExecuteAsync(Request(query), source));
                    Assert.True(Sorted(reference).SequenceEqual(Sorted(actual)), $"{query} over {source.GetType().Name}:\n{string.Join('\n', actual)}\nexpected\n{string.Join('\n', reference)}");
                }
            }
        }

        // Most generated conditions have a pushed form (numbers in other spellings do not).
        Assert.True(pushedSome > 300, $"{pushedSome} of 500 queries pushed a condition");
    }

    [Fact]
    public async Task A_where_kept_in_the_engine_keeps_the_aggregation_there_too()
    {
        var events = Generate(new Random(3), 300);
        await using var store = await TestStores.WithAsync(events);
        const string query = "* | where v = \"view\" | count";
        var expected = events.Count(e => e.Get("v") is { Kind: FieldKind.String } v && v.AsString == "view");
        foreach (var pushWhere in new[] { true, false })
        {
            var request = Request(query) with { WherePushdown = pushWhere };
            Assert.Equal(pushWhere, QueryEngine.Plan(request).AggregatePushdown is not null);
            var result = await QueryEngine.ExecuteAsync(request, new StoreEventSource(store));
            Assert.Equal((long)expected, result.Rows.Single()[0]);
        }

        Assert.True(expected > 0);
    }

    [Fact]
    public async Task Raw_results_are_the_same_messages()
    {
        var random = new Random(77);
        var events = Generate(random, 200);
        await using var store = await TestStores.WithAsync(events, TestStores.Layout.Both);
        for (var q = 0; q < 40; q++)
        {
            var query = $"* | where {Condition(random)} | fields kind, v";
            var request = Request(query) with { Limit = 1000 };
            var reference = AggregatePushdownTests.Table(await QueryEngine.ExecuteAsync(request with { WherePushdown = false }, new InMemoryEventSource(events)));
            var actual = AggregatePushdownTests.Table(await QueryEngine.ExecuteAsync(request, new StoreEventSource(store)));
            Assert.Equal(Sorted(reference), Sorted(actual));
        }
    }

    [Fact]
    public async Task A_case_insensitive_word_search_on_a_field_is_answered_by_the_store()
    {
        var events = new List<Event>();
        string[] paths = ["/docs/Maps-1", "/docs/roadmaps", "/maps", "/x/MAPS/y", "/mapsx", "/docs/page"];
        for (var i = 0; i < 600; i++)
        {
            var t = (Day.ToUnixTimeMilliseconds() * 1000) + (i * 1_000_000L);
            events.Add(new Event("test", "view", t, t, [new("path", paths[i % paths.Length])]));
        }

        await using var store = await TestStores.WithAsync(events);
        const string query = @"* | where path matches /(?i)\bmaps\b/ | count";
        var plan = QueryEngine.Plan(Request(query));
        Assert.NotNull(plan.AggregatePushdown);
        Assert.DoesNotContain("where", plan.Steps);
        var result = await QueryEngine.ExecuteAsync(Request(query), new StoreEventSource(store));
        Assert.Equal(300L, result.Rows.Single()[0]);
    }

    [Fact]
    public async Task A_pushed_regex_that_runs_too_long_fails_the_query_with_its_code()
    {
        var t = Day.ToUnixTimeMilliseconds() * 1000;
        await using var store = await TestStores.WithAsync([new Event("test", "view", t, t, [new("v", new string('a', 40) + "!")])]);
        var error = await Assert.ThrowsAsync<Diagnostics.QueryException>(() =>
            QueryEngine.ExecuteAsync(Request("* | where v matches /^(a+)+$/ | count"), new StoreEventSource(store)));
        Assert.Equal(Diagnostics.DiagnosticCode.RegexTimeout, error.Code);
    }

    private static List<string> Sorted(List<string> table) => [table[0], .. table.Skip(1).Order(StringComparer.Ordinal)];

    private static string Condition(Random random)
    {
        var field = random.Next(6) == 0 ? "V" : "v";
        string Lit() => Quote(Literals[random.Next(Literals.Length)]);
        return random.Next(9) switch
        {
            0 => $"{field} = {Lit()}",
            1 => $"{Lit()} = {field}",
            2 => $"{field} != {Lit()}",
            3 => $"{field} in ({Lit()}, {Lit()})",
            4 => $"{field} not in ({Lit()})",
            5 => $"{field} matches /{Patterns[random.Next(Patterns.Length)]}/",
            6 => $"{field} matches {Quote(Globs[random.Next(Globs.Length)])}",
            7 => $"{field} not matches {Quote(Globs[random.Next(Globs.Length)])}",
            _ => $"contains({field}, {Lit()})",
        };
    }

    /// <summary>A string literal: the lexer decodes only <c>\"</c>, so everything else goes in as it is.</summary>
    private static string Quote(string text) => "\"" + text.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static readonly DateTimeOffset Day = DateTimeOffset.Parse("2026-11-01T00:00:00Z", CultureInfo.InvariantCulture);

    private static List<Event> Generate(Random random, int count)
    {
        var events = new List<Event>(count);
        for (var i = 0; i < count; i++)
        {
            var t = (Day.ToUnixTimeMilliseconds() * 1000) + ((long)i * 86_400_000_000 / count);
            var fields = new List<KeyValuePair<string, FieldValue>> { new("kind", "k" + (i % 3).ToString(CultureInfo.InvariantCulture)) };
            if (random.Next(8) != 0)
            {
                fields.Add(new("v", Values[random.Next(Values.Length)]));
            }

            events.Add(new Event("test", random.Next(2) == 0 ? "view" : "router", t, t, fields));
        }

        return events;
    }

    private static QueryRequest Request(string query) => new()
    {
        Query = query,
        App = "test",
        From = Day,
        To = Day.AddDays(1),
        Limit = 10_000,
    };
}
