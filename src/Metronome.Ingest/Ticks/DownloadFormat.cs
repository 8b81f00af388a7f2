namespace Metronome.Ingest.Ticks;

/// <summary>The format of a download from its URL's file extension (<c>/data/roads.kml?x=1</c> → <c>kml</c>).</summary>
public static class DownloadFormat
{
    public static string? FromUrl(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return null;
        }

        var path = url.AsSpan();
        int cut = path.IndexOfAny('?', '#');
        if (cut >= 0)
        {
            path = path[..cut];
        }

        int slash = path.LastIndexOf('/');
        var file = slash >= 0 ? path[(slash + 1)..] : path;
        int dot = file.LastIndexOf('.');
        if (dot <= 0 || dot == file.Length - 1)
        {
            return null;
        }

        var extension = file[(dot + 1)..];
        if (extension.Length > 8)
        {
            return null;
        }

        foreach (char c in extension)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return null;
            }
        }

        return extension.ToString().ToLowerInvariant();
    }
}
