using Metronome.Storage.Segments;

namespace Metronome.Storage.Tests.Segments;

public sealed class KeyBytesTests
{
    [Fact]
    public void A_key_matches_exactly_its_own_bytes_at_every_length()
    {
        var random = new Random(7);
        for (int length = 0; length <= 40; length++)
        {
            byte[] key = new byte[length];
            random.NextBytes(key);
            var bytes = new KeyBytes((byte[])key.Clone());

            Assert.True(bytes.Matches(key), $"length {length}");
            for (int at = 0; at < length; at++)
            {
                // One byte different anywhere, the middle bytes the two reads overlap on included.
                byte[] other = (byte[])key.Clone();
                other[at] ^= 0x20;
                Assert.False(bytes.Matches(other), $"length {length}, byte {at}");
            }

            Assert.False(bytes.Matches([.. key, 0]), $"length {length} + 1");
            if (length > 0)
            {
                Assert.False(bytes.Matches(key.AsSpan(0, length - 1)), $"length {length} - 1");
            }
        }
    }

    [Fact]
    public void No_key_matches_the_empty_guess() =>
        Assert.False(default(KeyBytes).Matches([]));
}
