namespace Metronome.Ingest.Web;

/// <summary>The parts of a page URL analytics groups by: the normalised host, the path (with the query
/// string only when asked for) and the campaign parameters.</summary>
public sealed record PageInfo(string Host, string Path, UtmParameters Utm)
{
    public static PageInfo Parse(ReadOnlySpan<char> url, bool keepQueryString = false)
    {
        var parts = UrlParts.Parse(url);
        var path = keepQueryString && !parts.Query.IsEmpty ? parts.PathAndQuery : parts.Path;
        return new PageInfo(
            HostName.Normalize(parts.Host),
            path.IsEmpty ? "/" : path[0] == '/' ? path.ToString() : string.Concat("/", path),
            UtmParameters.FromQuery(parts.Query));
    }
}
