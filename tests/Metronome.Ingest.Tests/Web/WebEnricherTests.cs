using Metronome.Core.Time;
using System.Net;
using Metronome.Core.Events;
using Metronome.Ingest.Web;
using Metronome.Ingest.Web.Mmdb;

namespace Metronome.Ingest.Tests.Web;

public sealed class WebEnricherTests
{
    private const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
    private static readonly IPAddress German = IPAddress.Parse("81.2.69.160");

    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero));

    private WebEnricher Enricher(WebEnrichmentOptions? options = null) => new(
        new UserAgentParser(),
        new ReferrerClassifier(),
        new VisitorIdGenerator(new InMemorySaltStore(), _clock),
        new CountryResolver(new MmdbReader(MmdbTestDatabases.Countries()), trustProxyHeader: false),
        options);

    private static Dictionary<string, FieldValue> Enrich(WebEnricher enricher, WebHit hit, params KeyValuePair<string, FieldValue>[] own)
    {
        var fields = new List<KeyValuePair<string, FieldValue>>(own);
        enricher.Enrich(hit, fields);
        Assert.Equal(fields.Count, fields.Select(f => f.Key).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        return fields.ToDictionary(f => f.Key, f => f.Value);
    }

    [Fact]
    public void A_pageview_from_a_search_engine_gets_every_field()
    {
        var fields = Enrich(Enricher(), new WebHit(
            "shop",
            "https://www.shop.example/pricing?utm_medium=cpc&utm_campaign=spring",
            "https://www.google.de/",
            Chrome,
            German));

        Assert.Equal("/pricing", fields[WebFields.Page].AsString);
        Assert.Equal("shop.example", fields[WebFields.Hostname].AsString);
        Assert.Equal("google.de", fields[WebFields.ReferrerHost].AsString);
        Assert.Equal("/", fields[WebFields.ReferrerPath].AsString);
        Assert.Equal("Google", fields[WebFields.Source].AsString);
        Assert.Equal("cpc", fields[WebFields.UtmMedium].AsString);
        Assert.Equal("spring", fields[WebFields.UtmCampaign].AsString);
        Assert.False(fields.ContainsKey(WebFields.UtmSource));
        Assert.Equal("Chrome", fields[WebFields.Browser].AsString);
        Assert.Equal("120.0", fields[WebFields.BrowserVersion].AsString);
        Assert.Equal("Windows", fields[WebFields.Os].AsString);
        Assert.Equal("10", fields[WebFields.OsVersion].AsString);
        Assert.Equal("desktop", fields[WebFields.Device].AsString);
        Assert.False(fields.ContainsKey(WebFields.Bot));
        Assert.Equal(FieldKind.Long, fields[WebFields.Visitor].Kind);
        Assert.Equal("DE", fields[WebFields.Country].AsString);
    }

    [Fact]
    public void Every_added_field_is_one_of_the_declared_names()
    {
        var fields = Enrich(Enricher(), new WebHit("shop", "https://a.example/?utm_source=x&utm_term=t&utm_content=c", "https://b.example/p", "curl/8.0", German));

        Assert.All(fields.Keys, key => Assert.Contains(key, WebFields.Enriched));
    }

    [Fact]
    public void A_bot_is_flagged_and_kept()
    {
        var fields = Enrich(Enricher(), new WebHit("shop", "https://shop.example/", null, "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", German));

        Assert.True(fields[WebFields.Bot].AsBool);
        Assert.Equal("Googlebot", fields[WebFields.Browser].AsString);
    }

    [Fact]
    public void Internal_navigation_is_direct_and_has_no_referrer_fields()
    {
        var fields = Enrich(Enricher(), new WebHit("shop", "https://shop.example/b", "https://shop.example/a", Chrome, German));

        Assert.Equal(ReferrerInfo.DirectSource, fields[WebFields.Source].AsString);
        Assert.False(fields.ContainsKey(WebFields.ReferrerHost));
        Assert.False(fields.ContainsKey(WebFields.ReferrerPath));
    }

    [Fact]
    public void Utm_source_overrides_the_source()
    {
        var fields = Enrich(Enricher(), new WebHit("shop", "https://shop.example/?utm_source=newsletter", "https://www.bing.com/", Chrome, German));

        Assert.Equal("newsletter", fields[WebFields.Source].AsString);
        Assert.Equal("newsletter", fields[WebFields.UtmSource].AsString);
        Assert.Equal("bing.com", fields[WebFields.ReferrerHost].AsString);
    }

    [Fact]
    public void The_query_string_is_kept_in_the_page_when_configured()
    {
        var fields = Enrich(Enricher(new WebEnrichmentOptions { KeepQueryString = true }), new WebHit("shop", "https://shop.example/search?q=shoes", null, Chrome, German));

        Assert.Equal("/search?q=shoes", fields[WebFields.Page].AsString);
    }

    [Fact]
    public void A_server_side_tick_without_url_or_headers_still_gets_a_source_and_a_visitor()
    {
        var fields = Enrich(Enricher(), new WebHit("api", null, null, null, null));

        Assert.Equal(ReferrerInfo.DirectSource, fields[WebFields.Source].AsString);
        Assert.True(fields.ContainsKey(WebFields.Visitor));
        Assert.Equal("desktop", fields[WebFields.Device].AsString);
        Assert.False(fields.ContainsKey(WebFields.Page));
        Assert.False(fields.ContainsKey(WebFields.Country));
        Assert.False(fields.ContainsKey(WebFields.Browser));
    }

    [Fact]
    public void Fields_the_tick_already_carries_are_kept()
    {
        var fields = Enrich(
            Enricher(),
            new WebHit("shop", "https://shop.example/x", null, Chrome, German),
            new("Country", "NZ"),
            new("page", "/custom"));

        Assert.Equal("NZ", fields["Country"].AsString);
        Assert.Equal("/custom", fields["page"].AsString);
        Assert.Equal("shop.example", fields[WebFields.Hostname].AsString);
    }

    [Fact]
    public void The_ip_address_is_not_in_any_field()
    {
        var fields = Enrich(Enricher(), new WebHit("shop", "https://shop.example/", null, Chrome, German));

        Assert.DoesNotContain(fields.Values, value => value.ToString().Contains("81.2.69", StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_visitor_on_two_pages_has_one_id()
    {
        var enricher = Enricher();

        var first = Enrich(enricher, new WebHit("shop", "https://shop.example/a", null, Chrome, German));
        var second = Enrich(enricher, new WebHit("shop", "https://shop.example/b", "https://shop.example/a", Chrome, German));

        Assert.Equal(first[WebFields.Visitor], second[WebFields.Visitor]);
    }
}
