using Metronome.Ingest.Text;

namespace Metronome.Ingest.Syslog;

/// <summary>
/// BSD syslog after PRI: <c>TIMESTAMP SP HOSTNAME SP TAG[PID]: MSG</c>. The timestamp is
/// <c>Mmm dd hh:mm:ss</c> or, as rsyslog's forwarding templates send it, RFC 3339. Real senders omit
/// parts: without a timestamp the receipt time is used; a first token that ends with <c>:</c> or holds
/// <c>[</c> is the tag of a message without HOSTNAME; without a tag the whole rest is MSG. Never fails.
/// </summary>
internal static class Rfc3164Parser
{
    private const int MaxTagLength = 48;

    public static void Parse(ReadOnlySpan<byte> data, int position, long referenceUs, ref SyslogMessage message)
    {
        var rest = data[position..];
        var timestampLength = ReadTimestamp(rest, referenceUs, ref message);
        if (timestampLength > 0)
        {
            message.Timestamp = rest[..timestampLength];
            rest = rest[timestampLength..];
            if (!rest.IsEmpty && rest[0] == ' ')
            {
                rest = rest[1..];
            }

            var space = rest.IndexOf((byte)' ');
            var first = space < 0 ? rest : rest[..space];
            if (!LooksLikeTag(first) && space > 0)
            {
                message.Hostname = first;
                rest = rest[(space + 1)..];
            }
        }

        var msgStart = ReadTag(rest, out var tagLength, out var pidStart, out var pidLength);
        message.AppName = rest[..tagLength];
        message.ProcId = rest.Slice(pidStart, pidLength);
        message.Msg = rest[msgStart..];
    }

    private static int ReadTimestamp(ReadOnlySpan<byte> rest, long referenceUs, ref SyslogMessage message)
    {
        if (rest.Length >= 5 && Utf8Text.IsDigit(rest[0]) && rest[4] == '-')
        {
            var space = rest.IndexOf((byte)' ');
            var token = space < 0 ? rest : rest[..space];
            message.HasTime = Rfc3339Timestamp.TryParse(token, out message.TimeUs);
            message.TimestampInvalid = !message.HasTime;
            return token.Length;
        }

        var length = BsdTimestamp.TryParse(rest, referenceUs, out message.TimeUs);
        message.HasTime = length > 0;
        return length;
    }

    private static bool LooksLikeTag(ReadOnlySpan<byte> token) =>
        token.IsEmpty || token[^1] == ':' || token.IndexOf((byte)'[') >= 0;

    /// <summary>Reads <c>TAG[PID]: </c> or <c>TAG: </c>; returns where MSG starts (0 when there is no tag).</summary>
    private static int ReadTag(ReadOnlySpan<byte> rest, out int tagLength, out int pidStart, out int pidLength)
    {
        tagLength = 0;
        pidStart = 0;
        pidLength = 0;
        var end = rest.IndexOfAny((byte)'[', (byte)':', (byte)' ');
        if (end <= 0 || end > MaxTagLength)
        {
            return 0;
        }

        int after;
        if (rest[end] == '[')
        {
            var close = rest[end..].IndexOf((byte)']');
            if (close < 0)
            {
                return 0;
            }

            pidStart = end + 1;
            pidLength = close - 1;
            after = end + close + 1;
            if (after < rest.Length && rest[after] == ':')
            {
                after++;
            }
        }
        else if (rest[end] == ':')
        {
            after = end + 1;
        }
        else
        {
            return 0;
        }

        tagLength = end;
        if (after < rest.Length && rest[after] == ' ')
        {
            after++;
        }

        return after;
    }
}
