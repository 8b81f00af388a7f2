namespace Metronome.Ingest.Web;

/// <summary>The campaign parameters of a page URL. <see cref="Source"/> also takes Plausible's
/// fallbacks <c>ref</c> and <c>source</c> when <c>utm_source</c> is absent.</summary>
public sealed record UtmParameters(string? Source, string? Medium, string? Campaign, string? Term, string? Content)
{
    public static readonly UtmParameters None = new(null, null, null, null, null);

    public bool IsEmpty => this == None;

    /// <summary>Reads the parameters from a query string (without its <c>?</c>), decoding <c>%xx</c> and <c>+</c>.</summary>
    public static UtmParameters FromQuery(ReadOnlySpan<char> query)
    {
        if (query.IndexOf("utm_", StringComparison.OrdinalIgnoreCase) < 0
            && query.IndexOf("ref", StringComparison.OrdinalIgnoreCase) < 0
            && query.IndexOf("source", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return None;
        }

        string? source = null, medium = null, campaign = null, term = null, content = null, fallbackSource = null;
        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            var equals = pair.IndexOf('=');
            if (equals <= 0 || equals == pair.Length - 1)
            {
                continue;
            }

            var key = pair[..equals];
            var raw = pair[(equals + 1)..];
            if (Is(key, "utm_source")) { source ??= Decode(raw); }
            else if (Is(key, "utm_medium")) { medium ??= Decode(raw); }
            else if (Is(key, "utm_campaign")) { campaign ??= Decode(raw); }
            else if (Is(key, "utm_term")) { term ??= Decode(raw); }
            else if (Is(key, "utm_content")) { content ??= Decode(raw); }
            else if (Is(key, "ref") || Is(key, "source")) { fallbackSource ??= Decode(raw); }
        }

        source ??= fallbackSource;
        return source is null && medium is null && campaign is null && term is null && content is null
            ? None
            : new UtmParameters(source, medium, campaign, term, content);
    }

    private static bool Is(ReadOnlySpan<char> key, string name) => key.Equals(name, StringComparison.OrdinalIgnoreCase);

    private static string? Decode(ReadOnlySpan<char> raw)
    {
        var text = raw.Contains('+') ? raw.ToString().Replace('+', ' ') : raw.ToString();
        if (text.Contains('%'))
        {
            text = Uri.UnescapeDataString(text);
        }

        text = text.Trim();
        return text.Length == 0 ? null : text;
    }
}
