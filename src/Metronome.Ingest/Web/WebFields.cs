using Metronome.Core.Events;

namespace Metronome.Ingest.Web;

/// <summary>Field names of web analytics: what the tracker sends and what enrichment adds to each
/// event. The stats API, <c>/tock</c> and queries read these names.</summary>
public static class WebFields
{
    // Sent by the tracker (metronome.js).

    /// <summary>The full page URL.</summary>
    public const string Url = "url";

    /// <summary>document.referrer, or the Referer header.</summary>
    public const string Referrer = FieldNames.Referrer;

    /// <summary>Screen width in CSS pixels.</summary>
    public const string ScreenWidth = "w";

    /// <summary>Revenue of a custom event (a number) and its ISO 4217 currency.</summary>
    public const string Revenue = "revenue";
    public const string Currency = "currency";

    // Added by enrichment.

    /// <summary>The page path, without the query string unless configured.</summary>
    public const string Page = "page";

    /// <summary>The page's host, without <c>www.</c>.</summary>
    public const string Hostname = "hostname";

    public const string ReferrerHost = "referrer_host";
    public const string ReferrerPath = "referrer_path";

    /// <summary>Google, Reddit, ..., the referrer's host, or "Direct / None"; utm_source overrides.</summary>
    public const string Source = "source";

    public const string UtmSource = "utm_source";
    public const string UtmMedium = "utm_medium";
    public const string UtmCampaign = "utm_campaign";
    public const string UtmTerm = "utm_term";
    public const string UtmContent = "utm_content";

    /// <summary>Browser name (for bots: the bot's name) and its major.minor version.</summary>
    public const string Browser = "browser";
    public const string BrowserVersion = "browser_version";
    public const string Os = "os";
    public const string OsVersion = "os_version";

    /// <summary>desktop, mobile or tablet.</summary>
    public const string Device = "device";

    /// <summary>true for crawlers, monitors and HTTP libraries; absent otherwise.</summary>
    public const string Bot = "bot";

    /// <summary>The daily hashed visitor id (a 64-bit integer).</summary>
    public const string Visitor = "visitor";

    /// <summary>ISO 3166-1 alpha-2 country code.</summary>
    public const string Country = "country";

    /// <summary>Every field enrichment may add, in the order it adds them.</summary>
    public static readonly IReadOnlyList<string> Enriched =
    [
        Page, Hostname, ReferrerHost, ReferrerPath, Source, UtmSource, UtmMedium, UtmCampaign, UtmTerm, UtmContent,
        Browser, BrowserVersion, Os, OsVersion, Device, Bot, Visitor, Country,
    ];
}
