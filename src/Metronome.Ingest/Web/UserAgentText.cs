namespace Metronome.Ingest.Web;

/// <summary>Span helpers shared by the user-agent rules.</summary>
internal static class UserAgentText
{
    public static bool Has(ReadOnlySpan<char> ua, string token) => ua.Contains(token, StringComparison.Ordinal);

    /// <summary>The <c>major.minor</c> version that follows <paramref name="token"/>, or null when the
    /// token is absent or not followed by a number.</summary>
    public static string? VersionAfter(ReadOnlySpan<char> ua, string token)
    {
        var at = ua.IndexOf(token, StringComparison.Ordinal);
        return at < 0 ? null : ReadVersion(ua[(at + token.Length)..]);
    }

    /// <summary>Reads <c>major[.minor]</c> from the start of <paramref name="text"/>, accepting <c>.</c> or
    /// <c>_</c> as separators (iOS and macOS write <c>17_1_2</c>); the result always uses dots.</summary>
    public static string? ReadVersion(ReadOnlySpan<char> text)
    {
        var major = DigitRun(text);
        if (major == 0)
        {
            return null;
        }

        if (major + 1 < text.Length && text[major] is '.' or '_')
        {
            var minor = DigitRun(text[(major + 1)..]);
            if (minor > 0)
            {
                return string.Concat(text[..major], ".", text.Slice(major + 1, minor));
            }
        }

        return text[..major].ToString();
    }

    private static int DigitRun(ReadOnlySpan<char> text)
    {
        var n = 0;
        while (n < text.Length && char.IsAsciiDigit(text[n]))
        {
            n++;
        }

        return n;
    }
}
