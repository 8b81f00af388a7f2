namespace Metronome.Ingest.Syslog;

public enum SyslogFormat
{
    /// <summary><c>&lt;PRI&gt;1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] MSG</c>, including Logplex's variant without SD.</summary>
    Rfc5424,

    /// <summary>BSD syslog: <c>&lt;PRI&gt;Mmm dd hh:mm:ss HOSTNAME TAG[PID]: MSG</c>.</summary>
    Rfc3164,
}
