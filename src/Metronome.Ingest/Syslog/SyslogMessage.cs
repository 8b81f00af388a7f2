namespace Metronome.Ingest.Syslog;

/// <summary>A parsed syslog message as views into the input. Empty spans mean absent or NILVALUE.</summary>
internal ref struct SyslogMessage
{
    public SyslogFormat Format;

    public int Priority;

    /// <summary>From <c>&lt;PRI&gt;</c> to the end of MSG, without the one trailing LF that was stripped.</summary>
    public ReadOnlySpan<byte> Raw;

    /// <summary>The timestamp as sent; empty for NILVALUE or none.</summary>
    public ReadOnlySpan<byte> Timestamp;

    /// <summary>Microseconds since the epoch; meaningful only when <see cref="HasTime"/>.</summary>
    public long TimeUs;

    public bool HasTime;

    /// <summary>Set when a timestamp was present but unreadable.</summary>
    public bool TimestampInvalid;

    public ReadOnlySpan<byte> Hostname;
    public ReadOnlySpan<byte> AppName;
    public ReadOnlySpan<byte> ProcId;
    public ReadOnlySpan<byte> MsgId;
    public ReadOnlySpan<byte> StructuredData;

    /// <summary>MSG, possibly empty, without the stripped trailing LF.</summary>
    public ReadOnlySpan<byte> Msg;
}
