namespace Metronome.Storage.Encoding;

/// <summary>How a <see cref="DoubleCodec"/> block stores its values (the header payload).</summary>
public enum DoubleEncodingKind
{
    /// <summary>Every value is a whole number that a long holds exactly; an <see cref="IntegerCodec"/> block follows.</summary>
    Integral = 0,

    /// <summary>Gorilla-style XOR of each value with its predecessor.</summary>
    Xor = 1,

    /// <summary>The 8 IEEE-754 bytes of each value, little-endian.</summary>
    Plain = 2,
}
