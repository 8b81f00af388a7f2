namespace Metronome.Ingest.Web;

/// <summary>
/// The key <c>/tock</c> groups referrers by: host plus path, without scheme, query, fragment or
/// <c>www.</c>, and without the slash of a bare root, so that
/// <c>https://www.washingtonpost.com/articles/dc-news?x=1</c> becomes
/// <c>washingtonpost.com/articles/dc-news</c> and <c>http://arcgis.com/</c> becomes <c>arcgis.com</c>.
/// </summary>
public static class ReferrerKey
{
    /// <summary>The key, or null when the referrer is empty or names no host.</summary>
    public static string? From(ReadOnlySpan<char> referrer)
    {
        var parts = UrlParts.Parse(referrer);
        var host = HostName.Normalize(parts.Host);
        if (host.Length == 0)
        {
            return null;
        }

        var path = parts.Path;
        return path.IsEmpty || path is "/" ? host : string.Concat(host, path);
    }
}
