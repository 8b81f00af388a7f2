namespace Metronome.Ingest.Web;

/// <summary>
/// The parts of a URL as spans into the original text, without allocating or validating: analytics
/// input is messy and a best-effort split beats rejecting a page view. Accepts absolute URLs
/// (<c>https://user@host:8080/p?q#f</c>), scheme-less ones (<c>example.com/p</c>) and bare paths
/// (<c>/p?q</c>).
/// </summary>
internal readonly ref struct UrlParts
{
    public ReadOnlySpan<char> Scheme { get; private init; }

    /// <summary>The host as written: no user info, no port, IPv6 brackets kept.</summary>
    public ReadOnlySpan<char> Host { get; private init; }

    /// <summary>The path; empty when the URL has none (callers treat that as <c>/</c>).</summary>
    public ReadOnlySpan<char> Path { get; private init; }

    /// <summary>The query without its <c>?</c>.</summary>
    public ReadOnlySpan<char> Query { get; private init; }

    /// <summary>Path and query together, as a page path with its query string.</summary>
    public ReadOnlySpan<char> PathAndQuery { get; private init; }

    public static UrlParts Parse(ReadOnlySpan<char> url)
    {
        url = url.Trim();
        var fragment = url.IndexOf('#');
        if (fragment >= 0)
        {
            url = url[..fragment];
        }

        ReadOnlySpan<char> scheme = [];
        var rest = url;
        var separator = url.IndexOf("://", StringComparison.Ordinal);
        var protocolRelative = url.StartsWith("//", StringComparison.Ordinal);
        if (separator > 0 && IsScheme(url[..separator]))
        {
            scheme = url[..separator];
            rest = url[(separator + 3)..];
        }
        else if (protocolRelative)
        {
            rest = url[2..];
        }

        ReadOnlySpan<char> host = [];
        if (scheme.Length > 0 || protocolRelative || (rest.Length > 0 && rest[0] != '/'))
        {
            var authorityEnd = rest.IndexOfAny('/', '?');
            var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
            rest = authorityEnd < 0 ? [] : rest[authorityEnd..];
            host = HostOf(authority);
        }

        var queryStart = rest.IndexOf('?');
        return new UrlParts
        {
            Scheme = scheme,
            Host = host,
            Path = queryStart < 0 ? rest : rest[..queryStart],
            Query = queryStart < 0 ? [] : rest[(queryStart + 1)..],
            PathAndQuery = rest,
        };
    }

    private static ReadOnlySpan<char> HostOf(ReadOnlySpan<char> authority)
    {
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            authority = authority[(at + 1)..];
        }

        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            return close < 0 ? authority : authority[..(close + 1)];
        }

        var colon = authority.IndexOf(':');
        return colon < 0 ? authority : authority[..colon];
    }

    private static bool IsScheme(ReadOnlySpan<char> text)
    {
        if (!char.IsAsciiLetter(text[0]))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
