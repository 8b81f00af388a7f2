using System.Text;
using Metronome.Ingest.Text;

namespace Metronome.Ingest.Tests.Text;

/// <summary>The cache must always answer the UTF-8 decoding of the bytes: its hash reads values through
/// overlapping words, so a non-ASCII byte at any position of any length must still be noticed (an ASCII
/// decode would turn it into '?').</summary>
public class Utf8StringCacheTests
{
    [Fact]
    public void A_non_ascii_byte_anywhere_is_decoded_as_utf8()
    {
        for (int length = 1; length <= Utf8StringCache.MaxCachedLength + 4; length++)
        {
            for (int at = 0; at < length; at++)
            {
                var bytes = Enumerable.Repeat((byte)'a', length).ToArray();
                bytes[at] = 0xE9; // not valid UTF-8 alone: decodes to U+FFFD, never to '?'
                Assert.Equal(Encoding.UTF8.GetString(bytes), Utf8StringCache.Get(bytes));

                if (at + 1 < length)
                {
                    bytes[at] = 0xC3; // "é" as two bytes
                    bytes[at + 1] = 0xA9;
                    Assert.Equal(Encoding.UTF8.GetString(bytes), Utf8StringCache.Get(bytes));
                }
            }
        }
    }

    [Fact]
    public void Random_values_decode_exactly_on_a_miss_and_on_a_hit()
    {
        var random = new Random(77);
        for (int i = 0; i < 20000; i++)
        {
            var bytes = new byte[random.Next(0, 64)];
            for (int b = 0; b < bytes.Length; b++)
            {
                bytes[b] = random.Next(20) == 0 ? (byte)random.Next(0x80, 0x100) : (byte)random.Next(0x20, 0x7F);
            }

            Assert.Equal(Encoding.UTF8.GetString(bytes), Utf8StringCache.Get(bytes));
            Assert.Equal(Encoding.UTF8.GetString(bytes), Utf8StringCache.Get(bytes)); // a hit answers the same
        }
    }
}
