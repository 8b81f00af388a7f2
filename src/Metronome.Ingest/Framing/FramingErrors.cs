namespace Metronome.Ingest.Framing;

/// <summary>The reasons framers give, as constants so that they can be counted and tested.</summary>
public static class FramingErrors
{
    public const string NotAFrame = "expected an octet count and a space";
    public const string CountOutOfRange = "octet count is zero or too large";
    public const string CountPastEnd = "octet count runs past the end of the input";
    public const string CountOffBoundary = "octet count does not end where another frame starts";
    public const string TruncatedFrame = "the stream ended inside an octet-counted frame";
    public const string LineTooLong = "line longer than the maximum message size";
}
