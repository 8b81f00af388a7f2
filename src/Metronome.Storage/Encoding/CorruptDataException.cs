namespace Metronome.Storage.Encoding;

/// <summary>
/// Thrown by every decoder in the store when its input is truncated, malformed or inconsistent.
/// Decoders never surface IndexOutOfRangeException or loop forever on bad bytes: corruption is a
/// data problem the caller can report and skip, not a bug.
/// </summary>
public sealed class CorruptDataException : Exception
{
    public CorruptDataException()
        : base("The encoded data is corrupt.")
    {
    }

    public CorruptDataException(string message)
        : base(message)
    {
    }

    public CorruptDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
