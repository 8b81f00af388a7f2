namespace Metronome.Ingest.Web;

/// <summary>
/// Referrer URL to host, path and source. The source is a known name (Google, Reddit, Hacker News, ...),
/// else the referrer's host, else "Direct / None" when there is no referrer or it is the page's own
/// site. A campaign's <c>utm_source</c> overrides all of these, as in Plausible. Thread-safe; parsed
/// referrers are cached (bounded) because a site sees the same few referrers again and again.
/// </summary>
public sealed class ReferrerClassifier
{
    private readonly BoundedCache<string, ReferrerInfo> _cache;

    public ReferrerClassifier(int cacheCapacity = 10_000)
    {
        _cache = new BoundedCache<string, ReferrerInfo>(cacheCapacity, StringComparer.Ordinal);
    }

    /// <param name="referrer">The referrer URL as sent (<c>document.referrer</c> or the Referer header).</param>
    /// <param name="pageHost">The host of the page that was viewed, to recognise internal navigation.</param>
    /// <param name="utmSource">The page URL's <c>utm_source</c> (or <c>ref</c>), when it has one.</param>
    public ReferrerInfo Classify(string? referrer, ReadOnlySpan<char> pageHost, string? utmSource = null)
    {
        var info = string.IsNullOrWhiteSpace(referrer)
            ? ReferrerInfo.Direct
            : _cache.GetOrAdd(referrer, static r => ParseUncached(r));
        if (info.Host is not null && !pageHost.IsEmpty && HostName.SameSite(info.Host, pageHost))
        {
            info = ReferrerInfo.Direct;
        }

        return utmSource is null ? info : info with { Source = KnownSources.ForUtmSource(utmSource) };
    }

    /// <summary>The referrer's host, path and the source its host implies, ignoring the page it led to.</summary>
    public static ReferrerInfo ParseUncached(ReadOnlySpan<char> referrer)
    {
        var parts = UrlParts.Parse(referrer);
        var host = HostName.Normalize(parts.Host);
        if (host.Length == 0)
        {
            return ReferrerInfo.Direct;
        }

        var path = parts.Path.IsEmpty ? "/" : parts.Path.ToString();
        return new ReferrerInfo(host, path, KnownSources.ForHost(host) ?? host);
    }
}
