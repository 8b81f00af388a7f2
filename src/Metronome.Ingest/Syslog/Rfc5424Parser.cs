using Metronome.Ingest.Text;

namespace Metronome.Ingest.Syslog;

/// <summary>
/// RFC 5424 after PRI: <c>VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID [SP SD] [SP MSG]</c>.
/// Lenient where drains are: MSG may be missing (frame ends after MSGID) and, when SD is expected but
/// what follows MSGID is neither <c>-</c> nor <c>[</c>, it is taken as MSG.
/// </summary>
internal static class Rfc5424Parser
{
    private static ReadOnlySpan<byte> LogplexHostname => "host"u8;

    /// <summary>Whether the bytes after PRI are a version number and a space (<c>1 </c>).</summary>
    public static bool HasVersion(ReadOnlySpan<byte> afterPri)
    {
        var i = 0;
        while (i < afterPri.Length && i < 3 && Utf8Text.IsDigit(afterPri[i]))
        {
            i++;
        }

        return i > 0 && i < afterPri.Length && afterPri[i] == ' ' && afterPri[0] != '0';
    }

    public static bool TryParse(ReadOnlySpan<byte> data, int position, StructuredDataMode mode, ref SyslogMessage message, out string? error)
    {
        error = SyslogErrors.TruncatedHeader;
        var rest = data[position..];
        rest = rest[(rest.IndexOf((byte)' ') + 1)..];

        var timestamp = Token(ref rest, requireSpace: true, out var ok);
        var hostname = ok ? Token(ref rest, requireSpace: true, out ok) : default;
        var appName = ok ? Token(ref rest, requireSpace: true, out ok) : default;
        var procId = ok ? Token(ref rest, requireSpace: false, out ok) : default;
        if (!ok)
        {
            return false;
        }

        var msgId = Token(ref rest, requireSpace: false, out _);

        message.Timestamp = Nil(timestamp);
        message.Hostname = Nil(hostname);
        message.AppName = Nil(appName);
        message.ProcId = Nil(procId);
        message.MsgId = Nil(msgId);
        if (!message.Timestamp.IsEmpty)
        {
            message.HasTime = Rfc3339Timestamp.TryParse(message.Timestamp, out message.TimeUs);
            message.TimestampInvalid = !message.HasTime;
        }

        var hasStructuredData = mode switch
        {
            StructuredDataMode.Present => true,
            StructuredDataMode.Absent => false,
            _ => !hostname.SequenceEqual(LogplexHostname),
        };
        if (hasStructuredData)
        {
            var msgStart = StructuredDataEnd(rest, out var sdLength);
            message.StructuredData = rest[..sdLength];
            rest = rest[msgStart..];
        }

        message.Msg = rest;
        error = null;
        return true;
    }

    /// <summary>Takes the token up to the next space. With <paramref name="requireSpace"/> false, the token
    /// may end the input (and then <paramref name="rest"/> is empty).</summary>
    private static ReadOnlySpan<byte> Token(scoped ref ReadOnlySpan<byte> rest, bool requireSpace, out bool ok)
    {
        var space = rest.IndexOf((byte)' ');
        if (space < 0)
        {
            var last = rest;
            rest = default;
            ok = !requireSpace && !last.IsEmpty;
            return last;
        }

        var token = rest[..space];
        rest = rest[(space + 1)..];
        ok = space > 0;
        return token;
    }

    private static ReadOnlySpan<byte> Nil(ReadOnlySpan<byte> token) =>
        token.Length == 1 && token[0] == '-' ? default : token;

    /// <summary>Finds where MSG starts after <c>-</c> or <c>[id k="v"]...</c> and one space;
    /// <paramref name="sdLength"/> is the length of the elements as sent, 0 for <c>-</c>. Anything else is
    /// not SD and is left as MSG.</summary>
    private static int StructuredDataEnd(ReadOnlySpan<byte> rest, out int sdLength)
    {
        sdLength = 0;
        if (rest.IsEmpty)
        {
            return 0;
        }

        if (rest[0] == '-' && (rest.Length == 1 || rest[1] == ' '))
        {
            return Math.Min(2, rest.Length);
        }

        if (rest[0] != '[')
        {
            return 0;
        }

        var end = StructuredDataLength(rest);
        if (end == 0 || (end < rest.Length && rest[end] != ' '))
        {
            return 0;
        }

        sdLength = end;
        return Math.Min(end + 1, rest.Length);
    }

    /// <summary>Length of consecutive SD-ELEMENTs, honouring quoted PARAM-VALUEs with <c>\"</c>, <c>\\</c>,
    /// <c>\]</c> escapes; 0 when an element is not closed.</summary>
    private static int StructuredDataLength(ReadOnlySpan<byte> text)
    {
        var i = 0;
        while (i < text.Length && text[i] == '[')
        {
            i++;
            var inQuotes = false;
            var closed = false;
            for (; i < text.Length; i++)
            {
                var b = text[i];
                if (inQuotes && b == '\\')
                {
                    i++;
                }
                else if (b == '"')
                {
                    inQuotes = !inQuotes;
                }
                else if (!inQuotes && b == ']')
                {
                    closed = true;
                    i++;
                    break;
                }
            }

            if (!closed)
            {
                return 0;
            }
        }

        return i;
    }
}
