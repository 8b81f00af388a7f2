using System.Numerics;

namespace Metronome.Storage.Encoding;

/// <summary>
/// The first byte of every encoded block: a 7-bit payload (kind and flags) in bits 0-6 and an even
/// parity bit in bit 7. Any single flipped bit in a header therefore makes it invalid, so a decoder
/// never silently reinterprets a block with the wrong encoding.
/// </summary>
internal static class HeaderByte
{
    public static byte Seal(int payload)
    {
        if ((uint)payload > 0x7F)
        {
            throw new ArgumentOutOfRangeException(nameof(payload), payload, "A header payload has 7 bits.");
        }

        int parity = BitOperations.PopCount((uint)payload) & 1;
        return (byte)(payload | (parity << 7));
    }

    public static int Open(byte header, string blockName)
    {
        if ((BitOperations.PopCount(header) & 1) != 0)
        {
            throw new CorruptDataException($"The {blockName} header byte 0x{header:X2} fails its parity check.");
        }

        return header & 0x7F;
    }
}
