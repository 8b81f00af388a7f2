namespace Metronome.Ingest.Web;

/// <summary>
/// User agent to browser, OS, device class and bot flag. Thread-safe. Results are cached per distinct
/// string (bounded), because a site's traffic repeats a few hundred user agents over and over.
/// </summary>
public sealed class UserAgentParser
{
    // Longer strings are truncated before parsing: every rule looks at the first few hundred characters
    // and this bounds the work that hostile input can cause.
    private const int MaxLength = 1024;

    private readonly BoundedCache<string, UserAgentInfo> _cache;

    public UserAgentParser(int cacheCapacity = 10_000)
    {
        _cache = new BoundedCache<string, UserAgentInfo>(cacheCapacity, StringComparer.Ordinal);
    }

    public int CachedCount => _cache.Count;

    public UserAgentInfo Parse(string? userAgent) =>
        string.IsNullOrWhiteSpace(userAgent) ? UserAgentInfo.Unknown : _cache.GetOrAdd(userAgent, static ua => ParseUncached(ua));

    public static UserAgentInfo ParseUncached(ReadOnlySpan<char> userAgent)
    {
        var ua = userAgent.Length > MaxLength ? userAgent[..MaxLength] : userAgent;
        ua = ua.Trim();
        if (ua.IsEmpty)
        {
            return UserAgentInfo.Unknown;
        }

        var (os, osVersion, device) = OsRules.Detect(ua);
        if (BotRules.TryDetect(ua, out var botName, out var botVersion))
        {
            return new UserAgentInfo(botName, botVersion, os, osVersion, device, IsBot: true);
        }

        var (browser, browserVersion) = BrowserRules.Detect(ua);
        return new UserAgentInfo(browser, browserVersion, os, osVersion, device, IsBot: false);
    }
}
