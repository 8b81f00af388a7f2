using System.Text;
using System.Text.RegularExpressions;
using Metronome.Query.Execution;

namespace Metronome.Query.Tests;

/// <summary>The regex-free answer to <c>parse regex "L0(?&lt;a&gt;C+)L1..."</c> finds exactly what the .NET
/// regex finds (same match or none, same captures), over random patterns of that shape and random lines.</summary>
public sealed class LiteralRunPatternTests
{
    private static readonly string[] Literals = ["dyno=", "s=", " connect=", "ms", "=", " ", "x", "\\.", "\\\"", "é", "a b", "status="];
    private static readonly string[] Classes = [@"\d", @"\S", @"\w", @"[^ ]", "[a-c]", ".", @"\D", @"\s", @"[^\s""]", "[0-9.]"];
    private static readonly string[] Quantifiers = ["+", "+", "+?", "*", "*?"];
    private static readonly string[] Lookaheads = [" ", "MB ", "ms", "=", "x", " c", "\\.", "a b", "s"];
    private static readonly string[] LookaheadPieces = [" ", "MB ", "MB", "ms", "ms ", "=", "x", " c", " connect=", ".", "a b", "s", "s=", "12", "0", "web.1", "\n", "é", "dyno=", "status=", "abc", "\t"];
    private static readonly string[] Pieces = ["dyno=", "s=", " connect=", "ms", "=", " ", "x", ".", "\"", "é", "a b", "status=", "12", "0", "७", "web.1", "\n", "\t", "abc", "ss", "_", "-"];

    [Fact]
    public void Random_patterns_and_lines_give_the_regex_answer()
    {
        var random = new Random(11);
        var accepted = 0;
        for (var p = 0; p < 400; p++)
        {
            var pattern = new StringBuilder(Pick(random, Literals));
            var groups = random.Next(1, 4);
            for (var g = 0; g < groups; g++)
            {
                pattern.Append("(?<g").Append(g).Append('>').Append(Pick(random, Classes)).Append(Pick(random, Quantifiers)).Append(')');
                if (g < groups - 1 || random.Next(2) == 0)
                {
                    pattern.Append(Pick(random, Literals));
                }
            }

            if (!LiteralRunPattern.TryParse(pattern.ToString(), out var runs))
            {
                continue;
            }

            accepted++;
            var regex = new Regex(pattern.ToString(), RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);
            var captures = new (int Start, int Length)[groups];
            for (var i = 0; i < 300; i++)
            {
                var line = new StringBuilder();
                for (var k = random.Next(12); k >= 0; k--)
                {
                    line.Append(Pick(random, Pieces));
                }

                var text = line.ToString();
                var match = regex.Match(text);
                var found = runs.Match(text, captures);
                Assert.True(match.Success == found, $"{pattern} on '{text}': regex {match.Success}");
                for (var g = 0; found && g < groups; g++)
                {
                    Assert.Equal(match.Groups["g" + g].Value, text.Substring(captures[g].Start, captures[g].Length));
                }
            }
        }

        Assert.True(accepted > 100, $"only {accepted} patterns had the shape");
    }

    [Fact]
    public void Random_patterns_with_lookahead_runs_give_the_regex_answer()
    {
        var random = new Random(23);
        var accepted = 0;
        var matched = 0;
        for (var p = 0; p < 600; p++)
        {
            // The pattern's own literals are also pieces of its lines, so that many lines match, often
            // with several places where a run could end.
            var used = new List<string>();
            string Literal(string text)
            {
                used.Add(text.Replace("\\", "", StringComparison.Ordinal));
                return text;
            }

            var pattern = new StringBuilder(Literal(Pick(random, Literals)));
            var groups = random.Next(1, 4);
            for (var g = 0; g < groups; g++)
            {
                pattern.Append("(?<g").Append(g).Append('>').Append(Pick(random, Classes));
                if (random.Next(3) == 0)
                {
                    pattern.Append(Pick(random, Quantifiers)).Append(')');
                    if (g < groups - 1 || random.Next(2) == 0)
                    {
                        pattern.Append(Literal(Pick(random, Literals)));
                    }

                    continue;
                }

                // A lookahead run; what follows it agrees with the lookahead (or is nothing) most of the time.
                var ahead = Literal(Pick(random, Lookaheads));
                pattern.Append(random.Next(2) == 0 ? "*?" : "+?").Append("(?=").Append(ahead).Append("))");
                pattern.Append(random.Next(4) switch
                {
                    0 => "",
                    1 => ahead,
                    2 => ahead + Literal(Pick(random, Literals)),
                    _ => Literal(Pick(random, Literals)),
                });
            }

            if (!LiteralRunPattern.TryParse(pattern.ToString(), out var runs))
            {
                continue;
            }

            accepted++;
            var regex = new Regex(pattern.ToString(), RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);
            string[] pieces = [.. LookaheadPieces, .. used, .. used];
            for (var i = 0; i < 300; i++)
            {
                var line = new StringBuilder();
                for (var k = random.Next(16); k >= 0; k--)
                {
                    line.Append(Pick(random, pieces));
                }

                matched += AssertSameAnswer(regex, runs, groups, line.ToString()) ? 1 : 0;
            }
        }

        Assert.True(accepted > 200, $"only {accepted} patterns had the shape");
        Assert.True(matched > 10_000, $"only {matched} lines matched");
    }

    private const string HerokuRouter = @"dyno=(?<dyno>.*?(?= )) connect=(?<connect>\d+)ms service=(?<service>\d+)ms status=(?<status>\d+)";

    [Theory]
    [InlineData(HerokuRouter, "at=info dyno=web.1 connect=0ms service=12ms status=200 bytes=5")]
    [InlineData(HerokuRouter, "at=info dyno=web 1 connect=x connect=0ms service=12ms status=200")] // the first ends fail, a later one matches
    [InlineData(HerokuRouter, "dyno= connect=0ms service=12ms status=200")]                      // an empty capture
    [InlineData(HerokuRouter, "dyno=a\nb connect=0ms service=12ms status=200")]                  // '.' stops at a line feed
    [InlineData(HerokuRouter, "dyno=a\nb connect=0ms service=12ms status=200 dyno=c connect=1ms service=2ms status=3")] // so a later start matches
    [InlineData(HerokuRouter, "dyno=web.1 connect=0ms service=12ms status=")]                     // no match
    [InlineData(HerokuRouter, "dyno=web.1")]                                                      // the lookahead never matches
    [InlineData(HerokuRouter, "dyno=dyno=web.1 connect=0ms service=12ms status=200")]             // the first start takes the longer run
    [InlineData(@"dyno=(?<dyno>.*?(?= ))", "dyno=web.1 x")]                                       // the pattern ends with the lookahead run
    [InlineData(@"dyno=(?<dyno>.*?(?= ))", "dyno=web.1")]
    [InlineData(@"a=(?<a>.+?(?=MB ))MB (?<b>\d+)", "a=MB 1MB 2")]                                // one character at least
    [InlineData(@"a=(?<a>.+?(?=MB ))MB (?<b>\d+)", "a=MB MB x")]
    [InlineData(@"a=(?<a>.*?(?= ))(?<b>\s+)y (?<c>\d+)", "a=x z y 12")]                             // a run right after the lookahead run
    [InlineData(@"total=(?<t>[^ ]*?(?=MB ))MB rss=(?<r>.*?(?=MB ))", "total=1 5MB rss=2MB total=3MB rss=4MB ")] // the class stops the first start
    public void Lookahead_edge_cases_give_the_regex_answer(string pattern, string text)
    {
        Assert.True(LiteralRunPattern.TryParse(pattern, out var runs));
        var regex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);
        AssertSameAnswer(regex, runs, runs.Names.Count, text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_line_with_more_candidate_ends_than_the_budget_gets_the_regex_answer(bool matches)
    {
        // Three hundred spaces that each could end the run but are not followed by digits and 'x'.
        var text = "a=" + string.Concat(Enumerable.Repeat("y ", 300)) + (matches ? "z 5x" : "z 5");
        const string Pattern = @"a=(?<a>.*?(?= )) (?<n>\d+)x";
        Assert.True(LiteralRunPattern.TryParse(Pattern, out var runs));
        var regex = new Regex(Pattern, RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);
        Assert.Equal(matches, regex.IsMatch(text));
        AssertSameAnswer(regex, runs, 2, text);
    }

    [Theory]
    [InlineData(@"service=(?<service>\d+)ms")]
    [InlineData(@"dyno=(?<dyno>\S+) connect=(?<connect>\d+)ms service=(?<service>\d+)ms status=(?<status>\d+)")]
    [InlineData(@"path=\""(?<path>[^""]+)\""")]
    [InlineData(@"at=(?<level>\w+)")]
    [InlineData(@"dyno=(?<dyno>\S+?) connect=(?<connect>\d*)ms service=(?<service>\d*?)ms status=(?<status>\d+?)")]
    [InlineData(HerokuRouter)]
    [InlineData(@"dyno=(?<dyno>.*?(?= )) memory_total=(?<total>.*?(?=MB ))")]
    [InlineData(@"a=(?<a>\S+?(?=\.))\.(?<b>\d+)")]
    public void Router_patterns_have_the_shape(string pattern) => Assert.True(LiteralRunPattern.TryParse(pattern, out _));

    [Theory]
    [InlineData(@"(?<n>\d+)ms")]                   // no leading literal
    [InlineData(@"service=(?<service>\d+)5")]      // the literal after the run starts inside the class
    [InlineData(@"a=(?<a>\d+)(?<b>\w+)")]          // two runs with nothing between
    [InlineData(@"a=(?<a>\d{2,})ms")]              // a counted quantifier
    [InlineData(@"a=(?<a>\d+)?ms")]                // an optional group
    [InlineData(@"serv.ce=(?<s>\d+)")]             // a metacharacter in a literal
    [InlineData(@"a=(?<a>\d+)\b")]                 // an escape that is not a literal
    [InlineData(@"(?i)a=(?<a>\d+)")]               // options
    [InlineData(@"a=(?<a>[]x]+)b")]                // a set starting with ]
    [InlineData(@"a=(?<a>\d+)|b=(?<b>\d+)")]       // alternation
    [InlineData(@"a=(?<a>\d+)b(?<A>\d+)")]         // one name twice (names are case-insensitive fields)
    [InlineData(@"a=(?<a>.*(?= ))")]                // a greedy run before a lookahead
    [InlineData(@"a=(?<a>.*?(?=\s))")]              // a lookahead that is not a literal
    [InlineData(@"a=(?<a>.*?(?=))")]                // an empty lookahead
    [InlineData(@"a=(?<a>.*?(?= ))x")]              // a lookahead the next literal contradicts
    [InlineData(@"a=(?<a>.*?)(?= )")]               // a lookahead outside the group
    [InlineData(@"dyno=(?<d>.*?(?= )).*m=(?<m>\d+)")] // a run outside a group
    public void Other_shapes_are_left_to_the_regex(string pattern) => Assert.False(LiteralRunPattern.TryParse(pattern, out _));

    [Fact]
    public void The_planner_uses_it_for_single_parses_only()
    {
        Assert.Contains(Steps("""* | parse regex "service=(?<service>\d+)ms" """), s => s.StartsWith("parse literal runs", StringComparison.Ordinal));
        Assert.DoesNotContain(Steps("""* | parse regex "service=(?<service>\d+)" multi"""), s => s.StartsWith("parse literal runs", StringComparison.Ordinal));
        Assert.DoesNotContain(Steps("""* | parse regex "serv.ce=(?<service>\d+)" """), s => s.StartsWith("parse literal runs", StringComparison.Ordinal));
    }

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];

    private static bool AssertSameAnswer(Regex regex, LiteralRunPattern runs, int groups, string text)
    {
        var captures = new (int Start, int Length)[groups];
        var match = regex.Match(text);
        var found = runs.Match(text, captures);
        Assert.True(match.Success == found, $"{regex} on '{text}': regex {match.Success}");
        for (var g = 0; found && g < groups; g++)
        {
            var name = runs.Names[g];
            Assert.True(match.Groups[name].Value == text.Substring(captures[g].Start, captures[g].Length), $"{regex} on '{text}': group {name}");
            Assert.Equal(match.Groups[name].Index, captures[g].Start);
        }

        return found;
    }

    private static IReadOnlyList<string> Steps(string query) => QueryEngine.Plan(new QueryRequest
    {
        Query = query,
        App = "a",
        From = DateTimeOffset.UnixEpoch,
        To = DateTimeOffset.UnixEpoch.AddDays(1),
    }).Steps;
}
