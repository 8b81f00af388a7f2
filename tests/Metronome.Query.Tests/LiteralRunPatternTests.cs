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

    [Theory]
    [InlineData(@"service=(?<service>\d+)ms")]
    [InlineData(@"dyno=(?<dyno>\S+) connect=(?<connect>\d+)ms service=(?<service>\d+)ms status=(?<status>\d+)")]
    [InlineData(@"path=\""(?<path>[^""]+)\""")]
    [InlineData(@"at=(?<level>\w+)")]
    [InlineData(@"dyno=(?<dyno>\S+?) connect=(?<connect>\d*)ms service=(?<service>\d*?)ms status=(?<status>\d+?)")]
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
    public void Other_shapes_are_left_to_the_regex(string pattern) => Assert.False(LiteralRunPattern.TryParse(pattern, out _));

    [Fact]
    public void The_planner_uses_it_for_single_parses_only()
    {
        Assert.Contains(Steps("""* | parse regex "service=(?<service>\d+)ms" """), s => s.StartsWith("parse literal runs", StringComparison.Ordinal));
        Assert.DoesNotContain(Steps("""* | parse regex "service=(?<service>\d+)" multi"""), s => s.StartsWith("parse literal runs", StringComparison.Ordinal));
        Assert.DoesNotContain(Steps("""* | parse regex "serv.ce=(?<service>\d+)" """), s => s.StartsWith("parse literal runs", StringComparison.Ordinal));
    }

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];

    private static IReadOnlyList<string> Steps(string query) => QueryEngine.Plan(new QueryRequest
    {
        Query = query,
        App = "a",
        From = DateTimeOffset.UnixEpoch,
        To = DateTimeOffset.UnixEpoch.AddDays(1),
    }).Steps;
}
