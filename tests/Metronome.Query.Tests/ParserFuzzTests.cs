using Metronome.Query.Diagnostics;
using Metronome.Query.Execution;
using Metronome.Query.Sources;
using Metronome.Query.Syntax;

namespace Metronome.Query.Tests;

/// <summary>Random and mutated queries never crash the front end: every input gives a tree (which
/// prints and reparses) or a <see cref="QueryException"/> with a code and, for syntax, a position.
/// A share of them also runs against a few events. Fixed seed, so failures reproduce.</summary>
public sealed class ParserFuzzTests
{
    private static readonly string[] Fragments =
    [
        "*", "|", "error", "\"phrase\"", "(", ")", "and", "or", "not", "!", "=", "!=", "_sourceCategory=heroku", "x",
        "parse", "regex", "\"a=* b=*\"", "as", "a,", "b", "nodrop", "multi", "field=", "json", "auto", "kv", "csv", "split",
        "extract", "where", "matches", "/re|x/", "in", "(1,2)", "if(", ",", "?", ":", "+", "-", "*", "/", "%", "1", "5m",
        "2.5e3", "10Ki", "count", "count_distinct(x)", "sum(x)", "pct(x, 95)", "by", "group", "sort", "asc", "desc",
        "top", "10", "limit", "transpose", "row", "column", "fillmissing", "timeslice", "buckets", "values", "total",
        "accum", "lookup", "from", "geo://location", "on", "ip=x", "fields", "%\"odd\"", "{{v}}", "//c\n", "/*c*/", "\"",
        "'", "'x'", "\\", "\n", "concat(", "num(x)", "toLong(", ")", "[", "]", "==", "<>", "<=", ">=", "takeLast", "with",
    ];

    [Fact]
    public async Task Random_and_mutated_queries_always_answer_a_tree_or_a_positioned_error()
    {
        var random = new Random(20261101);
        var seeds = LanguageCase.LoadAll().Select(c => c.Query).ToArray();
        var events = LanguageCase.LoadAll().SelectMany(c => c.Events).Take(20).ToArray();
        var source = new InMemoryEventSource(events);
        for (var i = 0; i < 3000; i++)
        {
            var text = i % 2 == 0 ? RandomQuery(random) : Mutate(seeds[random.Next(seeds.Length)], random);
            var vars = new Dictionary<string, string> { ["v"] = "*" };
            try
            {
                var tree = Parser.Parse(text, vars);
                var printed = QueryPrinter.Print(tree);
                Assert.True(tree.Equals(Parser.Parse(printed)), $"round trip failed for:\n{text}\nprinted:\n{printed}");
                if (i % 10 == 1)
                {
                    await QueryEngine.ExecuteAsync(Request(text, vars), source);
                }
                else
                {
                    QueryEngine.Plan(Request(text, vars));
                }
            }
            catch (QueryException e)
            {
                Assert.StartsWith("MQL", e.Code, StringComparison.Ordinal);
                if (e.Code.StartsWith("MQL1", StringComparison.Ordinal) || e.Code.StartsWith("MQL2", StringComparison.Ordinal))
                {
                    Assert.True(e.Diagnostic.HasPosition, $"no position for {e.Code} in:\n{text}");
                }
            }
            catch (Exception e)
            {
                Assert.Fail($"query crashed with {e.GetType().Name}: {e.Message}\n{text}\n{e.StackTrace}");
            }
        }
    }

    private static QueryRequest Request(string text, Dictionary<string, string> vars) => new()
    {
        Query = text,
        App = LanguageCase.DefaultApp,
        From = DateTimeOffset.Parse("2026-11-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
        To = DateTimeOffset.Parse("2026-11-02T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
        Variables = vars,
        MaxGroups = 1000,
    };

    private static string RandomQuery(Random random)
    {
        var count = random.Next(1, 14);
        return string.Join(" ", Enumerable.Range(0, count).Select(_ => Fragments[random.Next(Fragments.Length)]));
    }

    private static string Mutate(string query, Random random)
    {
        var chars = query.ToList();
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && chars.Count > 0; e++)
        {
            var at = random.Next(chars.Count);
            switch (random.Next(3))
            {
                case 0:
                    chars.RemoveAt(at);
                    break;
                case 1:
                    chars.InsertRange(at, " " + Fragments[random.Next(Fragments.Length)] + " ");
                    break;
                default:
                    chars[at] = "|\"()*=,/\\%{}"[random.Next(12)];
                    break;
            }
        }

        return new string(chars.ToArray());
    }
}
