using Metronome.Ingest.Web;

namespace Metronome.Ingest.Tests.Web;

public sealed class PageInfoTests
{
    [Theory]
    [InlineData("https://www.Example.com/blog/post?utm_source=x#intro", "example.com", "/blog/post")]
    [InlineData("https://example.com", "example.com", "/")]
    [InlineData("https://example.com?x=1", "example.com", "/")]
    [InlineData("http://user:pw@example.com:8080/a/b/", "example.com", "/a/b/")]
    [InlineData("http://[::1]:8080/p", "[::1]", "/p")]
    [InlineData("/only/a/path?q=1", "", "/only/a/path")]
    [InlineData("", "", "/")]
    public void The_page_path_drops_the_query_string_and_fragment(string url, string host, string path)
    {
        var page = PageInfo.Parse(url);

        Assert.Equal(host, page.Host);
        Assert.Equal(path, page.Path);
    }

    [Fact]
    public void The_query_string_is_kept_when_configured()
    {
        Assert.Equal("/search?q=metronome", PageInfo.Parse("https://example.com/search?q=metronome#x", keepQueryString: true).Path);
    }

    [Fact]
    public void All_five_utm_parameters_are_read_and_decoded()
    {
        var page = PageInfo.Parse(
            "https://example.com/?utm_source=news+letter&utm_medium=email&utm_campaign=spring%20sale&utm_term=c%23&utm_content=header&other=1");

        Assert.Equal(new UtmParameters("news letter", "email", "spring sale", "c#", "header"), page.Utm);
    }

    [Fact]
    public void Ref_is_a_fallback_for_utm_source()
    {
        Assert.Equal("producthunt", PageInfo.Parse("https://example.com/?ref=producthunt").Utm.Source);
        Assert.Equal("a", PageInfo.Parse("https://example.com/?ref=b&utm_source=a").Utm.Source);
    }

    [Fact]
    public void A_page_without_campaign_parameters_has_none()
    {
        Assert.Same(UtmParameters.None, PageInfo.Parse("https://example.com/?q=1&utm_source=").Utm);
        Assert.True(PageInfo.Parse("https://example.com/").Utm.IsEmpty);
    }
}
