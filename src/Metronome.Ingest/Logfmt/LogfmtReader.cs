using Metronome.Ingest.Text;

namespace Metronome.Ingest.Logfmt;

/// <summary>
/// Splits a logfmt line into tokens without allocating. Values may be double-quoted (spaces inside, and
/// <c>\"</c> or <c>\\</c> escapes as in go-logfmt; Heroku's router does not document escaping, and a
/// backslash before a quote is vanishingly rare in its paths). An unterminated quote takes the rest of
/// the line, so broken logfmt (<c>this_is="broken</c>) still yields its key.
/// </summary>
internal ref struct LogfmtReader
{
    private readonly ReadOnlySpan<byte> _text;
    private int _position;

    public LogfmtReader(ReadOnlySpan<byte> text)
    {
        _text = text;
        _position = 0;
    }

    public bool Read(out LogfmtToken token)
    {
        var text = _text;
        var i = _position;
        while (i < text.Length && IsSpace(text[i]))
        {
            i++;
        }

        if (i >= text.Length)
        {
            token = default;
            _position = i;
            return false;
        }

        var start = i;
        while (i < text.Length && text[i] != '=' && !IsSpace(text[i]))
        {
            i++;
        }

        if (i == text.Length || text[i] != '=' || i == start)
        {
            // A bare word (or "=value" with no key): skip to the next space.
            while (i < text.Length && !IsSpace(text[i]))
            {
                i++;
            }

            token = new LogfmtToken(text[start..i], default, isPair: false, isQuoted: false, hasEscapes: false);
            _position = i;
            return true;
        }

        var key = text[start..i];
        i++;
        if (i < text.Length && text[i] == '"')
        {
            i++;
            var valueStart = i;
            var hasEscapes = false;
            while (i < text.Length && text[i] != '"')
            {
                if (text[i] == '\\' && i + 1 < text.Length)
                {
                    hasEscapes = true;
                    i++;
                }

                i++;
            }

            var value = text[valueStart..Math.Min(i, text.Length)];
            _position = Math.Min(i + 1, text.Length);
            token = new LogfmtToken(key, value, isPair: true, isQuoted: true, hasEscapes);
            return true;
        }

        var plainStart = i;
        while (i < text.Length && !IsSpace(text[i]))
        {
            i++;
        }

        token = new LogfmtToken(key, text[plainStart..i], isPair: true, isQuoted: false, hasEscapes: false);
        _position = i;
        return true;
    }

    private static bool IsSpace(byte b) => Utf8Text.IsSpaceOrTab(b) || b is (byte)'\n' or (byte)'\r';
}
