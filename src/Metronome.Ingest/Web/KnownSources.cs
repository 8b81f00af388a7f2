namespace Metronome.Ingest.Web;

/// <summary>
/// Referrer hosts and <c>utm_source</c> values that name a well-known source, with the display names
/// Plausible uses so that clients of its API see familiar values. A host matches itself or any of its
/// subdomains (<c>old.reddit.com</c> is Reddit); search engines also match under any country suffix
/// (<c>google.co.uk</c>).
/// </summary>
internal static class KnownSources
{
    private static readonly Dictionary<string, string> ByHost = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mail.google.com"] = "Gmail",
        ["news.google.com"] = "Google News",
        ["com.google.android.gm"] = "Gmail",
        ["com.google.android.googlequicksearchbox"] = "Google",
        ["bing.com"] = "Bing",
        ["duckduckgo.com"] = "DuckDuckGo",
        ["search.brave.com"] = "Brave",
        ["ecosia.org"] = "Ecosia",
        ["qwant.com"] = "Qwant",
        ["startpage.com"] = "Startpage",
        ["baidu.com"] = "Baidu",
        ["naver.com"] = "Naver",
        ["seznam.cz"] = "Seznam",
        ["kagi.com"] = "Kagi",
        ["facebook.com"] = "Facebook",
        ["fb.com"] = "Facebook",
        ["fb.me"] = "Facebook",
        ["messenger.com"] = "Facebook",
        ["instagram.com"] = "Instagram",
        ["threads.net"] = "Threads",
        ["t.co"] = "Twitter",
        ["twitter.com"] = "Twitter",
        ["x.com"] = "Twitter",
        ["linkedin.com"] = "LinkedIn",
        ["lnkd.in"] = "LinkedIn",
        ["com.linkedin.android"] = "LinkedIn",
        ["reddit.com"] = "Reddit",
        ["redd.it"] = "Reddit",
        ["com.reddit.frontpage"] = "Reddit",
        ["news.ycombinator.com"] = "Hacker News",
        ["lobste.rs"] = "Lobsters",
        ["github.com"] = "GitHub",
        ["gitlab.com"] = "GitLab",
        ["stackoverflow.com"] = "Stack Overflow",
        ["youtube.com"] = "YouTube",
        ["youtu.be"] = "YouTube",
        ["pinterest.com"] = "Pinterest",
        ["tiktok.com"] = "TikTok",
        ["bsky.app"] = "Bluesky",
        ["mastodon.social"] = "Mastodon",
        ["vk.com"] = "VKontakte",
        ["quora.com"] = "Quora",
        ["medium.com"] = "Medium",
        ["substack.com"] = "Substack",
        ["producthunt.com"] = "Product Hunt",
        ["wikipedia.org"] = "Wikipedia",
        ["t.me"] = "Telegram",
        ["web.telegram.org"] = "Telegram",
        ["org.telegram.messenger"] = "Telegram",
        ["web.whatsapp.com"] = "WhatsApp",
        ["wa.me"] = "WhatsApp",
        ["slack.com"] = "Slack",
        ["com.slack"] = "Slack",
        ["discord.com"] = "Discord",
        ["outlook.live.com"] = "Outlook.com",
        ["chatgpt.com"] = "ChatGPT",
        ["chat.openai.com"] = "ChatGPT",
        ["perplexity.ai"] = "Perplexity",
        ["claude.ai"] = "Claude",
        ["gemini.google.com"] = "Gemini",
        ["copilot.microsoft.com"] = "Copilot",
    };

    // Search engines that answer under many country domains: google.de, yandex.ru, search.yahoo.co.jp.
    private static readonly Dictionary<string, string> ByBrand = new(StringComparer.OrdinalIgnoreCase)
    {
        ["google"] = "Google",
        ["yahoo"] = "Yahoo!",
        ["yandex"] = "Yandex",
        ["ya"] = "Yandex",
    };

    // Short forms people put in utm_source by hand.
    private static readonly Dictionary<string, string> ByUtmAlias = new(StringComparer.OrdinalIgnoreCase)
    {
        ["google"] = "Google",
        ["bing"] = "Bing",
        ["duckduckgo"] = "DuckDuckGo",
        ["ddg"] = "DuckDuckGo",
        ["facebook"] = "Facebook",
        ["fb"] = "Facebook",
        ["instagram"] = "Instagram",
        ["ig"] = "Instagram",
        ["twitter"] = "Twitter",
        ["x"] = "Twitter",
        ["linkedin"] = "LinkedIn",
        ["reddit"] = "Reddit",
        ["hackernews"] = "Hacker News",
        ["hacker news"] = "Hacker News",
        ["hn"] = "Hacker News",
        ["github"] = "GitHub",
        ["youtube"] = "YouTube",
        ["yt"] = "YouTube",
    };

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> HostLookup =
        ByHost.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> BrandLookup =
        ByBrand.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The source a normalised host belongs to, or null when it is not a known one.</summary>
    public static string? ForHost(ReadOnlySpan<char> host)
    {
        for (var suffix = host; ; suffix = suffix[(suffix.IndexOf('.') + 1)..])
        {
            if (HostLookup.TryGetValue(suffix, out var source))
            {
                return source;
            }

            if (suffix.IndexOf('.') < 0)
            {
                break;
            }
        }

        return ForBrand(host);
    }

    /// <summary>The source named by a <c>utm_source</c> value: a known alias or host, else the value itself.</summary>
    public static string ForUtmSource(string utmSource) =>
        ByUtmAlias.TryGetValue(utmSource, out var alias) ? alias : ForHost(utmSource) ?? utmSource;

    /// <summary>A brand label followed only by a public suffix made of short labels ("com", "co", "uk").</summary>
    private static string? ForBrand(ReadOnlySpan<char> host)
    {
        foreach (var range in host.Split('.'))
        {
            var label = host[range];
            if (BrandLookup.TryGetValue(label, out var source))
            {
                var suffix = host[range.End..];
                return !suffix.IsEmpty && IsPublicSuffixLike(suffix[1..]) ? source : null;
            }
        }

        return null;
    }

    private static bool IsPublicSuffixLike(ReadOnlySpan<char> suffix)
    {
        foreach (var range in suffix.Split('.'))
        {
            if (suffix[range].Length is 0 or > 3)
            {
                return false;
            }
        }

        return true;
    }
}
