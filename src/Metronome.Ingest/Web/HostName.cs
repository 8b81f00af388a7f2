namespace Metronome.Ingest.Web;

/// <summary>Host names as analytics shows them: lower case, without a trailing dot or a leading
/// <c>www.</c>, so that <c>www.Example.com.</c> and <c>example.com</c> count as one site.</summary>
public static class HostName
{
    public static string Normalize(ReadOnlySpan<char> host)
    {
        host = Trim(host);
        if (host.IsEmpty)
        {
            return "";
        }

        Span<char> lower = host.Length <= 256 ? stackalloc char[host.Length] : new char[host.Length];
        host.ToLowerInvariant(lower);
        return new string(lower);
    }

    /// <summary>True when both hosts name the same site after normalising.</summary>
    public static bool SameSite(ReadOnlySpan<char> a, ReadOnlySpan<char> b) =>
        Trim(a).Equals(Trim(b), StringComparison.OrdinalIgnoreCase);

    private static ReadOnlySpan<char> Trim(ReadOnlySpan<char> host)
    {
        host = host.Trim().TrimEnd('.');
        return host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? host[4..] : host;
    }
}
