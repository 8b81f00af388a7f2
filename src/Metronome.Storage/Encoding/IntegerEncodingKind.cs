namespace Metronome.Storage.Encoding;

/// <summary>How an <see cref="IntegerCodec"/> block stores its values (bits 0-3 of the header payload).</summary>
public enum IntegerEncodingKind
{
    /// <summary>Every value is the same; also used for the empty block.</summary>
    Constant = 0,

    /// <summary>Values minus the block minimum, bit-packed.</summary>
    FrameOfReference = 1,

    /// <summary>Differences between neighbours minus the smallest difference, bit-packed; wins on sorted timestamps.</summary>
    Delta = 2,
}
