using Metronome.Ingest.Web;

namespace Metronome.Ingest.Tests.Web;

public sealed class ReferrerClassifierTests
{
    private readonly ReferrerClassifier _classifier = new();

    [Theory]
    [InlineData("https://www.google.com/", "Google")]
    [InlineData("https://www.google.co.uk/", "Google")]
    [InlineData("https://google.com.br/search?q=x", "Google")]
    [InlineData("android-app://com.google.android.googlequicksearchbox/", "Google")]
    [InlineData("https://mail.google.com/", "Gmail")]
    [InlineData("https://www.bing.com/search?q=metronome", "Bing")]
    [InlineData("https://duckduckgo.com/", "DuckDuckGo")]
    [InlineData("https://search.yahoo.co.jp/search?p=x", "Yahoo!")]
    [InlineData("https://yandex.ru/", "Yandex")]
    [InlineData("https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.com", "Facebook")]
    [InlineData("https://m.facebook.com/", "Facebook")]
    [InlineData("https://t.co/abc123", "Twitter")]
    [InlineData("https://x.com/someone/status/1", "Twitter")]
    [InlineData("https://www.linkedin.com/feed/", "LinkedIn")]
    [InlineData("https://old.reddit.com/r/dotnet/", "Reddit")]
    [InlineData("https://news.ycombinator.com/item?id=1", "Hacker News")]
    [InlineData("https://github.com/owner/repo", "GitHub")]
    [InlineData("https://en.wikipedia.org/wiki/Metronome", "Wikipedia")]
    [InlineData("https://someone.substack.com/p/post", "Substack")]
    [InlineData("https://www.washingtonpost.com/articles/dc-news", "washingtonpost.com")]
    [InlineData("https://googleusercontent.example.com/", "googleusercontent.example.com")]
    [InlineData("https://google.example.com/", "google.example.com")]
    public void A_referrer_host_maps_to_its_well_known_source_or_else_to_itself(string referrer, string source)
    {
        Assert.Equal(source, _classifier.Classify(referrer, "metronome.dev").Source);
    }

    [Fact]
    public void The_referrer_host_loses_www_and_case_and_the_path_loses_its_query()
    {
        var info = _classifier.Classify("https://WWW.WashingtonPost.com/Articles/dc-news?utm=1#top", "metronome.dev");

        Assert.Equal("washingtonpost.com", info.Host);
        Assert.Equal("/Articles/dc-news", info.Path);
    }

    [Fact]
    public void A_referrer_without_a_path_has_the_root_path()
    {
        var info = _classifier.Classify("https://arcgis.com", "metronome.dev");

        Assert.Equal("arcgis.com", info.Host);
        Assert.Equal("/", info.Path);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("/relative/path")]
    public void A_missing_or_hostless_referrer_is_direct(string? referrer)
    {
        var info = _classifier.Classify(referrer, "metronome.dev");

        Assert.Same(ReferrerInfo.Direct, info);
        Assert.Equal("Direct / None", info.Source);
    }

    [Fact]
    public void A_garbage_referrer_is_taken_as_a_host_rather_than_rejected()
    {
        Assert.Equal("not a url", _classifier.Classify("Not a URL/", "metronome.dev").Source);
    }

    [Theory]
    [InlineData("https://metronome.dev/docs", "metronome.dev")]
    [InlineData("https://www.metronome.dev/docs", "metronome.dev")]
    [InlineData("https://metronome.dev/docs", "www.Metronome.dev")]
    public void Navigation_within_the_same_site_is_direct(string referrer, string pageHost)
    {
        Assert.Same(ReferrerInfo.Direct, _classifier.Classify(referrer, pageHost));
    }

    [Fact]
    public void A_subdomain_of_the_page_host_is_another_site()
    {
        Assert.Equal("blog.metronome.dev", _classifier.Classify("https://blog.metronome.dev/", "metronome.dev").Source);
    }

    [Theory]
    [InlineData("newsletter", "newsletter")]
    [InlineData("fb", "Facebook")]
    [InlineData("GOOGLE", "Google")]
    [InlineData("news.ycombinator.com", "Hacker News")]
    public void Utm_source_overrides_the_referrer_derived_source(string utmSource, string expected)
    {
        var info = _classifier.Classify("https://www.bing.com/", "metronome.dev", utmSource);

        Assert.Equal(expected, info.Source);
        Assert.Equal("bing.com", info.Host);
    }

    [Fact]
    public void Utm_source_names_the_source_of_direct_traffic_too()
    {
        Assert.Equal("newsletter", _classifier.Classify(null, "metronome.dev", "newsletter").Source);
    }

    [Fact]
    public void Results_are_cached_per_referrer_string_but_same_site_is_decided_per_call()
    {
        const string referrer = "https://metronome.dev/a";

        Assert.Equal("metronome.dev", _classifier.Classify(referrer, "other.dev").Source);
        Assert.Equal(ReferrerInfo.DirectSource, _classifier.Classify(referrer, "metronome.dev").Source);
    }
}
