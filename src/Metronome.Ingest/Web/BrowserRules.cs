using static Metronome.Ingest.Web.UserAgentText;

namespace Metronome.Ingest.Web;

/// <summary>Browser name and version by ordered rules. Chromium-based browsers also say "Chrome/" and
/// "Safari/", and most browsers say "Safari/", so the specific brands come first and Safari last.</summary>
internal static class BrowserRules
{
    // Token whose presence names the browser; the version follows the token.
    private static readonly (string Token, string Name)[] Ordered =
    [
        ("FBAV/", "Facebook"),
        ("Instagram ", "Instagram"),
        ("EdgA/", "Edge"),
        ("EdgiOS/", "Edge"),
        ("Edg/", "Edge"),
        ("Edge/", "Edge"),
        ("OPR/", "Opera"),
        ("OPiOS/", "Opera"),
        ("OPT/", "Opera"),
        ("Opera Mini/", "Opera Mini"),
        ("SamsungBrowser/", "Samsung Internet"),
        ("YaBrowser/", "Yandex Browser"),
        ("Vivaldi/", "Vivaldi"),
        ("UCBrowser/", "UC Browser"),
        ("MiuiBrowser/", "MIUI Browser"),
        ("DuckDuckGo/", "DuckDuckGo"),
        ("Whale/", "Naver Whale"),
        ("FxiOS/", "Firefox"),
        ("Firefox/", "Firefox"),
        ("CriOS/", "Chrome"),
    ];

    public static (string? Browser, string? Version) Detect(ReadOnlySpan<char> ua)
    {
        foreach (var (token, name) in Ordered)
        {
            var at = ua.IndexOf(token, StringComparison.Ordinal);
            if (at >= 0)
            {
                return (name, ReadVersion(ua[(at + token.Length)..]));
            }
        }

        if (Has(ua, "Opera/"))
        {
            // Presto-era Opera froze "Opera/9.80" and put the real version in "Version/".
            return ("Opera", VersionAfter(ua, "Version/") ?? VersionAfter(ua, "Opera/"));
        }

        if (Has(ua, "Chrome/"))
        {
            var name = Has(ua, "; wv)") ? "Android WebView" : Has(ua, "Chromium/") ? "Chromium" : "Chrome";
            return (name, VersionAfter(ua, name == "Chromium" ? "Chromium/" : "Chrome/"));
        }

        if (Has(ua, "MSIE "))
        {
            return ("Internet Explorer", VersionAfter(ua, "MSIE "));
        }

        if (Has(ua, "Trident/"))
        {
            return ("Internet Explorer", VersionAfter(ua, "rv:"));
        }

        if (Has(ua, "Safari/") && Has(ua, "Version/"))
        {
            return ("Safari", VersionAfter(ua, "Version/"));
        }

        if (Has(ua, "AppleWebKit/") && (Has(ua, "iPhone") || Has(ua, "iPad")))
        {
            // An iOS in-app web view: Safari's engine, without a version of its own.
            return ("Safari", null);
        }

        return (null, null);
    }
}
