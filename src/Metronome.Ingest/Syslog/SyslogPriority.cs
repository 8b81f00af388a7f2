namespace Metronome.Ingest.Syslog;

/// <summary>PRI = facility * 8 + severity (RFC 5424 section 6.2.1), decoded to the usual keywords.</summary>
internal static class SyslogPriority
{
    public const int Max = 191;

    private static readonly string[] Facilities =
    [
        "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
        "uucp", "cron", "authpriv", "ftp", "ntp", "security", "console", "clock",
        "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
    ];

    private static readonly string[] Severities = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"];

    public static string FacilityName(int priority) => Facilities[priority >> 3];

    public static string SeverityName(int priority) => Severities[priority & 7];

    /// <summary>Reads <c>&lt;0..191&gt;</c>; returns the bytes consumed, 0 when absent or invalid.</summary>
    public static int TryRead(ReadOnlySpan<byte> data, out int priority)
    {
        priority = 0;
        if (data.Length < 3 || data[0] != '<')
        {
            return 0;
        }

        var i = 1;
        while (i < data.Length && i <= 3 && (uint)(data[i] - '0') <= 9)
        {
            priority = (priority * 10) + (data[i] - '0');
            i++;
        }

        if (i == 1 || i >= data.Length || data[i] != '>' || priority > Max)
        {
            priority = 0;
            return 0;
        }

        return i + 1;
    }
}
