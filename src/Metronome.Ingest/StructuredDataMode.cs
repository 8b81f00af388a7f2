namespace Metronome.Ingest;

/// <summary>Whether RFC 5424 messages carry a STRUCTURED-DATA field. Logplex HTTPS drains drop it entirely
/// (not even <c>-</c>), legacy and TCP syslog drains keep <c>-</c>: see heroku-log-formats.md section 1.9.</summary>
public enum StructuredDataMode
{
    /// <summary>Absent when HOSTNAME is <c>host</c> (the Logplex HTTPS layout), present otherwise.</summary>
    Auto,

    /// <summary>Always parsed per RFC 5424 (a leading <c>-</c> or <c>[...]</c> after MSGID is SD).</summary>
    Present,

    /// <summary>Never parsed: everything after MSGID and one space is MSG.</summary>
    Absent,
}
