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
        var start = _position;
        while (start < text.Length && IsSpace(text[start]))
        {
            start++;
        }

        if (start >= text.Length)
        {
            token = default;
            _position = text.Length;
            return false;
        }

        var keyEnd = LogfmtScan.KeyEnd(text, start);

        if (keyEnd == start || keyEnd == text.Length || text[keyEnd] != '=')
        {
            // A bare word (or "=value" with no key): runs to the next space.
            var wordEnd = EndOfUnquoted(text, keyEnd);
            token = new LogfmtToken(text[start..wordEnd], default, isPair: false, isQuoted: false, hasEscapes: false);
            _position = wordEnd;
            return true;
        }

        var key = text[start..keyEnd];
        var valueStart = keyEnd + 1;
        if (valueStart < text.Length && text[valueStart] == '"')
        {
            return ReadQuoted(key, valueStart + 1, out token);
        }

        var valueEnd = EndOfUnquoted(text, valueStart);
        token = new LogfmtToken(key, text[valueStart..valueEnd], isPair: true, isQuoted: false, hasEscapes: false);
        _position = valueEnd;
        return true;
    }

    private static int EndOfUnquoted(ReadOnlySpan<byte> text, int from)
    {
        var end = LogfmtScan.ValueEnd(text, from);
        return end > from && text[end - 1] == '\r' ? end - 1 : end;
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    private bool ReadQuoted(ReadOnlySpan<byte> key, int valueStart, out LogfmtToken token)
    {
        var text = _text;
        var i = valueStart;
        var hasEscapes = false;
        while (true)
        {
            var next = text[i..].IndexOfAny((byte)'"', (byte)'\\');
            if (next < 0)
            {
                i = text.Length;
                break;
            }

            i += next;
            if (text[i] == '"')
            {
                break;
            }

            hasEscapes = true;
            i = Math.Min(i + 2, text.Length);
        }

        token = new LogfmtToken(key, text[valueStart..i], isPair: true, isQuoted: true, hasEscapes);
        _position = Math.Min(i + 1, text.Length);
        return true;
    }
}
