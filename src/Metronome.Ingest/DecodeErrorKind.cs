namespace Metronome.Ingest;

/// <summary>What went wrong while decoding. Every kind still yields an event, so nothing is lost; the
/// server counts them per kind.</summary>
public enum DecodeErrorKind
{
    /// <summary>Bytes that could not be framed (bad octet count, garbage between frames, count past the end):
    /// stored as an <c>unparsed</c> event holding the bytes.</summary>
    Unframeable,

    /// <summary>A framed message that is not syslog (no <c>&lt;PRI&gt;</c>, truncated header): stored as an
    /// <c>unparsed</c> event holding the message.</summary>
    MalformedSyslog,

    /// <summary>A syslog message whose timestamp could not be read: the event is kept with the receipt time.</summary>
    MalformedTimestamp,

    /// <summary>A message whose announced payload (the JSON of <c>@[tag] {json}</c>) is invalid: the event is
    /// kept without the payload's properties.</summary>
    MalformedPayload,
}
