using System.Text;
using System.Text.RegularExpressions;
using Metronome.Query.Execution;
using Metronome.Query.Execution.Operators;

namespace Metronome.Query.Tests;

/// <summary>The regex-free answer to <c>parse regex "P(?&lt;n&gt;\d+)S"</c> finds exactly what the regex finds.</summary>
public sealed class LiteralDigitsParseTests
{
    [Theory]
    [InlineData("service=", "ms")]
    [InlineData("service=", "")]
    [InlineData("s=", "m ")]
    [InlineData("status=", " bytes=")]
    public void Random_lines_give_the_regex_answer(string prefix, string suffix)
    {
        var regex = new Regex(Regex.Escape(prefix) + @"(?<n>\d+)" + Regex.Escape(suffix), RegexOptions.CultureInvariant);
        var op = new LiteralDigitsParseOperator(0, prefix, suffix, 1, nodrop: false);
        var random = new Random(5);
        string[] pieces = ["service=", "s=", "status=", "12", "0", "७", "ms", "m", " ", "x", "bytes=", "=", "ss"];
        for (var i = 0; i < 20_000; i++)
        {
            var text = new StringBuilder();
            for (var k = random.Next(8); k >= 0; k--)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            var line = text.ToString();
            var match = regex.Match(line);
            Assert.Equal(match.Success ? match.Groups["n"].Value : null, op.Find(line));
        }
    }

    [Fact]
    public void The_planner_uses_it_only_for_the_exact_shape()
    {
        Assert.Contains(Steps("""* | parse regex "service=(?<service>\d+)ms" """), s => s.StartsWith("parse literal digits", StringComparison.Ordinal));
        Assert.DoesNotContain(Steps("""* | parse regex "service=(?<service>\d+)5" """), s => s.StartsWith("parse literal digits", StringComparison.Ordinal));
        Assert.DoesNotContain(Steps("""* | parse regex "serv.ce=(?<service>\d+)" """), s => s.StartsWith("parse literal digits", StringComparison.Ordinal));
        Assert.DoesNotContain(Steps("""* | parse regex "service=(?<service>\d+)" multi""" ), s => s.StartsWith("parse literal digits", StringComparison.Ordinal));
    }

    private static IReadOnlyList<string> Steps(string query) => QueryEngine.Plan(new QueryRequest
    {
        Query = query,
        App = "a",
        From = DateTimeOffset.UnixEpoch,
        To = DateTimeOffset.UnixEpoch.AddDays(1),
    }).Steps;
}
