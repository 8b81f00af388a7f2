namespace Metronome.Ingest.Syslog;

/// <summary>Reasons a framed message is not usable syslog.</summary>
public static class SyslogErrors
{
    public const string MissingPriority = "not syslog: missing or invalid <PRI>";
    public const string TruncatedHeader = "not syslog: the RFC 5424 header ends early";
    public const string EmptyMessage = "not syslog: empty message";
    public const string BadTimestamp = "unreadable syslog timestamp; receipt time used";
}
