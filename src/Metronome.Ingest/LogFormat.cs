namespace Metronome.Ingest;

/// <summary>The wire formats <c>metronome import --format</c> accepts.</summary>
public enum LogFormat
{
    /// <summary>Concatenated <c>application/logplex-1</c> bodies (octet-counted RFC 5424).</summary>
    Logplex,

    /// <summary>Syslog lines, newline- or octet-framed, RFC 5424 or RFC 3164.</summary>
    Syslog,
}
