using System.Buffers;

namespace Metronome.Ingest.Web;

/// <summary>
/// Recognises crawlers, monitors, HTTP libraries and headless browsers. All needles are searched in one
/// pass with <see cref="SearchValues{T}"/>; the earliest match wins, and at that position a named rule
/// beats the generic words (<c>bot</c>, <c>spider</c>, ...).
/// </summary>
internal static class BotRules
{
    // Named rules: lower-case needle, display name. Needles that contain a generic word must be listed
    // here when their display name differs from the product token around the match.
    private static readonly (string Needle, string Name)[] Named =
    [
        ("googlebot", "Googlebot"),
        ("adsbot-google", "AdsBot-Google"),
        ("mediapartners-google", "Mediapartners-Google"),
        ("google-inspectiontool", "Google-InspectionTool"),
        ("googleother", "GoogleOther"),
        ("storebot-google", "Storebot-Google"),
        ("feedfetcher-google", "Feedfetcher-Google"),
        ("google-read-aloud", "Google-Read-Aloud"),
        ("chrome-lighthouse", "Lighthouse"),
        ("google page speed", "PageSpeed Insights"),
        ("bingpreview", "BingPreview"),
        ("yahoo! slurp", "Yahoo! Slurp"),
        ("slackbot", "Slackbot"),
        ("facebookexternalhit", "facebookexternalhit"),
        ("facebookcatalog", "facebookcatalog"),
        ("meta-externalagent", "Meta-ExternalAgent"),
        ("whatsapp", "WhatsApp"),
        ("skypeuripreview", "SkypeUriPreview"),
        ("slack-imgproxy", "Slackbot"),
        ("chatgpt-user", "ChatGPT-User"),
        ("claude-web", "Claude-Web"),
        ("anthropic-ai", "anthropic-ai"),
        ("ia_archiver", "ia_archiver"),
        ("headlesschrome", "HeadlessChrome"),
        ("phantomjs", "PhantomJS"),
        ("puppeteer", "Puppeteer"),
        ("playwright", "Playwright"),
        ("selenium", "Selenium"),
        ("cypress", "Cypress"),
        ("pingdom", "Pingdom"),
        ("statuscake", "StatusCake"),
        ("site24x7", "Site24x7"),
        ("better uptime", "Better Uptime"),
        ("betteruptime", "Better Uptime"),
        ("uptime-kuma", "Uptime Kuma"),
        ("hetrixtools", "HetrixTools"),
        ("freshping", "Freshping"),
        ("datadog", "Datadog"),
        ("newrelicpinger", "New Relic"),
        ("checkly", "Checkly"),
        ("gtmetrix", "GTmetrix"),
        ("check_http", "check_http"),
        ("blackbox exporter", "Blackbox Exporter"),
        ("curl/", "curl"),
        ("wget/", "Wget"),
        ("python-requests", "python-requests"),
        ("python-urllib", "Python-urllib"),
        ("python-httpx", "python-httpx"),
        ("aiohttp", "aiohttp"),
        ("go-http-client", "Go-http-client"),
        ("okhttp", "okhttp"),
        ("java/", "Java"),
        ("apache-httpclient", "Apache-HttpClient"),
        ("libwww-perl", "libwww-perl"),
        ("axios/", "axios"),
        ("node-fetch", "node-fetch"),
        ("undici", "undici"),
        ("postmanruntime", "PostmanRuntime"),
        ("insomnia/", "Insomnia"),
        ("httpie/", "HTTPie"),
        ("scrapy", "Scrapy"),
        ("httrack", "HTTrack"),
        ("guzzlehttp", "GuzzleHttp"),
        ("windowspowershell", "PowerShell"),
        ("wordpress/", "WordPress"),
        ("feedly", "Feedly"),
    ];

    // Generic words: the bot's name is the product token around the match.
    private static readonly string[] Words = ["bot", "crawl", "spider", "slurp", "headless", "monitor"];

    // Bots often link to a page about themselves: "(compatible; Name/1.0; +https://...)".
    private const string UrlMarker = "+http";

    private static readonly SearchValues<string> AllNeedles = SearchValues.Create(
        [.. Named.Select(rule => rule.Needle), .. Words, UrlMarker],
        StringComparison.OrdinalIgnoreCase);

    public static bool TryDetect(ReadOnlySpan<char> ua, out string name, out string? version)
    {
        var offset = 0;
        while (offset < ua.Length)
        {
            var found = ua[offset..].IndexOfAny(AllNeedles);
            if (found < 0)
            {
                break;
            }

            var at = offset + found;
            if (TryName(ua, at, out name, out version))
            {
                return true;
            }

            offset = at + 1;
        }

        name = "";
        version = null;
        return false;
    }

    private static bool TryName(ReadOnlySpan<char> ua, int at, out string name, out string? version)
    {
        var rest = ua[at..];
        foreach (var (needle, ruleName) in Named)
        {
            if (rest.StartsWith(needle, StringComparison.OrdinalIgnoreCase))
            {
                name = ruleName;
                version = VersionOfProductAt(ua, at);
                return true;
            }
        }

        if (rest.StartsWith(UrlMarker, StringComparison.OrdinalIgnoreCase))
        {
            var product = CompatibleProduct(ua);
            name = product.IsEmpty ? "Bot" : product.ToString();
            version = null;
            return true;
        }

        // "CUBOT" is a phone maker, not a bot.
        if (at >= 2 && ua.Slice(at - 2, 2).Equals("cu", StringComparison.OrdinalIgnoreCase))
        {
            name = "";
            version = null;
            return false;
        }

        var (start, end) = ProductAround(ua, at);
        name = ua[start..end].ToString();
        version = VersionOfProductAt(ua, at);
        return true;
    }

    /// <summary>The product token that contains position <paramref name="at"/>: delimited by spaces,
    /// semicolons, parentheses and commas on the left, and additionally by the slash before a version.</summary>
    private static (int Start, int End) ProductAround(ReadOnlySpan<char> ua, int at)
    {
        var start = at;
        while (start > 0 && ua[start - 1] is not (' ' or ';' or '(' or ','))
        {
            start--;
        }

        var end = at;
        while (end < ua.Length && ua[end] is not (' ' or ';' or ')' or ',' or '/'))
        {
            end++;
        }

        return (start, end);
    }

    private static string? VersionOfProductAt(ReadOnlySpan<char> ua, int at)
    {
        var end = at;
        while (end < ua.Length && ua[end] is not (' ' or ';' or ')' or ',' or '/'))
        {
            end++;
        }

        if (end >= ua.Length || ua[end] != '/')
        {
            return null;
        }

        // Some bots write "MJ12bot/v1.4.8".
        var version = ua[(end + 1)..];
        return UserAgentText.ReadVersion(version.StartsWith('v') ? version[1..] : version);
    }

    /// <summary>The name after <c>compatible; </c>, or else the first product of the string.</summary>
    private static ReadOnlySpan<char> CompatibleProduct(ReadOnlySpan<char> ua)
    {
        const string compatible = "compatible; ";
        var at = ua.IndexOf(compatible, StringComparison.OrdinalIgnoreCase);
        var from = at >= 0 ? ua[(at + compatible.Length)..] : ua;
        var end = from.IndexOfAny(" ;/)");
        var product = (end < 0 ? from : from[..end]).Trim();
        return product.Equals("Mozilla", StringComparison.OrdinalIgnoreCase) ? [] : product;
    }
}
