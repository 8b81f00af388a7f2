using Metronome.Ingest.Web;

namespace Metronome.Ingest.Tests.Web;

public sealed class ReferrerKeyTests
{
    [Theory]
    [InlineData("https://www.washingtonpost.com/articles/dc-news?src=rss#top", "washingtonpost.com/articles/dc-news")]
    [InlineData("http://arcgis.com/", "arcgis.com")]
    [InlineData("https://www.arcgis.com", "arcgis.com")]
    [InlineData("https://ArcGIS.com:443/Home/", "arcgis.com/Home/")]
    [InlineData("washingtonpost.com/articles/dc-news", "washingtonpost.com/articles/dc-news")]
    [InlineData("//cdn.example.com/x", "cdn.example.com/x")]
    public void The_key_is_host_plus_path_without_scheme_query_or_www(string referrer, string key)
    {
        Assert.Equal(key, ReferrerKey.From(referrer));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("/relative/path")]
    public void A_referrer_without_a_host_has_no_key(string referrer)
    {
        Assert.Null(ReferrerKey.From(referrer));
    }
}
