using System.Buffers;
using Metronome.Storage.Encoding;

namespace Metronome.Storage.Tests.Encoding;

/// <summary>Shared checks that every decoder rejects damaged input with <see cref="CorruptDataException"/>.</summary>
internal static class CodecAssert
{
    public static byte[] Encode(Action<IBufferWriter<byte>> encode)
    {
        var output = new ArrayBufferWriter<byte>();
        encode(output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Every proper prefix of a valid encoding must be rejected.</summary>
    public static void RejectsEveryTruncation(byte[] encoded, Action<byte[]> decode)
    {
        for (int length = 0; length < encoded.Length; length++)
        {
            byte[] prefix = encoded[..length];
            var exception = Record.Exception(() => decode(prefix));
            Assert.True(exception is CorruptDataException, $"Truncation to {length} of {encoded.Length} bytes gave {exception?.GetType().Name ?? "no exception"}.");
        }
    }

    /// <summary>Flipping any single bit of the header byte must be rejected.</summary>
    public static void RejectsEveryHeaderBitFlip(byte[] encoded, Action<byte[]> decode)
    {
        for (int bit = 0; bit < 8; bit++)
        {
            byte[] damaged = (byte[])encoded.Clone();
            damaged[0] ^= (byte)(1 << bit);
            Assert.Throws<CorruptDataException>(() => decode(damaged));
        }
    }

    /// <summary>Random damage may decode to something, but may only ever fail with <see cref="CorruptDataException"/>.</summary>
    public static void SurvivesRandomDamage(byte[] encoded, Action<byte[]> decode, int seed, int rounds = 300)
    {
        var random = new Random(seed);
        for (int round = 0; round < rounds; round++)
        {
            byte[] damaged = (byte[])encoded.Clone();
            int flips = random.Next(1, 4);
            for (int i = 0; i < flips && damaged.Length > 0; i++)
            {
                damaged[random.Next(damaged.Length)] ^= (byte)(1 << random.Next(8));
            }

            var exception = Record.Exception(() => decode(damaged));
            Assert.True(exception is null or CorruptDataException, $"Round {round}: {exception}");
        }

        for (int round = 0; round < rounds; round++)
        {
            byte[] garbage = new byte[random.Next(0, 64)];
            random.NextBytes(garbage);
            var exception = Record.Exception(() => decode(garbage));
            Assert.True(exception is null or CorruptDataException, $"Garbage round {round}: {exception}");
        }
    }
}
