using Metronome.Ingest.Web;

namespace Metronome.Ingest.Tests.Web;

public sealed class UserAgentParserTests
{
    private const string Arrow = "⇶";

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var line in File.ReadLines(TestData.PathOf("UserAgents.txt")))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var arrow = line.IndexOf(Arrow, StringComparison.Ordinal);
            data.Add(line[..arrow].Trim(), line[(arrow + Arrow.Length)..].Trim());
        }

        return data;
    }

    [Fact]
    public void The_data_file_holds_at_least_eighty_real_user_agents()
    {
        Assert.True(Cases().Count >= 80);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_real_user_agent_parses_to_its_expected_description(string expected, string userAgent)
    {
        var info = UserAgentParser.ParseUncached(userAgent);

        Assert.Equal(expected, Describe(info));
    }

    [Fact]
    public void An_empty_or_missing_user_agent_is_unknown_and_not_a_bot()
    {
        var parser = new UserAgentParser();

        Assert.Same(UserAgentInfo.Unknown, parser.Parse(null));
        Assert.Same(UserAgentInfo.Unknown, parser.Parse("   "));
        Assert.False(parser.Parse("").IsBot);
    }

    [Fact]
    public void A_repeated_user_agent_is_served_from_the_cache()
    {
        var parser = new UserAgentParser();
        const string ua = "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0";

        var first = parser.Parse(ua);
        var second = parser.Parse(new string(ua.AsSpan()));

        Assert.Same(first, second);
    }

    [Fact]
    public void The_cache_stays_bounded_under_a_flood_of_unique_user_agents()
    {
        var parser = new UserAgentParser(cacheCapacity: 100);

        for (var i = 0; i < 10_000; i++)
        {
            parser.Parse($"Mozilla/5.0 (X11; Linux x86_64) Chrome/{i}.0 Safari/537.36");
        }

        Assert.True(parser.CachedCount <= 100, $"cache holds {parser.CachedCount}");
    }

    [Fact]
    public void A_very_long_user_agent_is_parsed_from_its_first_kilobyte()
    {
        var ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0.0.0 Safari/537.36 " + new string('x', 100_000) + " Googlebot/2.1";

        var info = UserAgentParser.ParseUncached(ua);

        Assert.Equal("Chrome", info.Browser);
        Assert.False(info.IsBot);
    }

    private static string Describe(UserAgentInfo info) => string.Join(
        " | ",
        info.Browser ?? "-",
        info.BrowserVersion ?? "-",
        info.Os ?? "-",
        info.OsVersion ?? "-",
        info.Device.ToFieldValue(),
        info.IsBot ? "bot" : "-");
}
