namespace Metronome.Ingest.Syslog;

/// <summary>Parses one syslog message, telling RFC 5424 (<c>&lt;PRI&gt;1 </c>) from RFC 3164 by what
/// follows PRI. At most one trailing LF is stripped first; it is neither MSG nor <c>_raw</c>.</summary>
internal static class SyslogParser
{
    public static bool TryParse(ReadOnlySpan<byte> data, StructuredDataMode mode, long referenceUs, out SyslogMessage message, out string? error)
    {
        message = default;
        if (data.Length > 0 && data[^1] == '\n')
        {
            data = data[..^1];
        }

        if (data.IsEmpty)
        {
            error = SyslogErrors.EmptyMessage;
            return false;
        }

        var priLength = SyslogPriority.TryRead(data, out var priority);
        if (priLength == 0)
        {
            error = SyslogErrors.MissingPriority;
            return false;
        }

        message.Raw = data;
        message.Priority = priority;
        if (Rfc5424Parser.HasVersion(data[priLength..]))
        {
            message.Format = SyslogFormat.Rfc5424;
            return Rfc5424Parser.TryParse(data, priLength, mode, ref message, out error);
        }

        message.Format = SyslogFormat.Rfc3164;
        Rfc3164Parser.Parse(data, priLength, referenceUs, ref message);
        error = null;
        return true;
    }
}
