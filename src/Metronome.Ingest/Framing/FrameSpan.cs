namespace Metronome.Ingest.Framing;

/// <summary>
/// A piece of the input found by a framer. <see cref="Start"/>/<see cref="Length"/> cover every byte it
/// consumed (for octet counting, the count and its space too), so consecutive spans tile the input;
/// <see cref="MessageStart"/>/<see cref="MessageLength"/> is the content: the syslog message for
/// <see cref="FrameKind.Message"/>, the whole span otherwise.
/// </summary>
public readonly record struct FrameSpan(FrameKind Kind, int Start, int Length, int MessageStart, int MessageLength, string? Error)
{
    public int End => Start + Length;

    public static FrameSpan Message(int start, int length, int messageStart, int messageLength) =>
        new(FrameKind.Message, start, length, messageStart, messageLength, null);

    public static FrameSpan Unframeable(int start, int length, string reason) =>
        new(FrameKind.Unframeable, start, length, start, length, reason);

    public static FrameSpan Separator(int start, int length) =>
        new(FrameKind.Separator, start, length, start, length, null);
}
