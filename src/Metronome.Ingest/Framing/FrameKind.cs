namespace Metronome.Ingest.Framing;

public enum FrameKind
{
    /// <summary>A well-framed message (RFC 6587 octet-counted or delimited).</summary>
    Message,

    /// <summary>Bytes that could not be framed; carries a reason.</summary>
    Unframeable,

    /// <summary>Whitespace (LF, CR, space, tab, NUL) between frames or at the end: no content, nothing to store.</summary>
    Separator,
}
