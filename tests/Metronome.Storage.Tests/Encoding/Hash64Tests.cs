using System.Numerics;
using Metronome.Storage.Encoding;

namespace Metronome.Storage.Tests.Encoding;

public class Hash64Tests
{
    // Published XXH64 (seed 0) test vectors: the xxHash reference tests and ClickHouse's xxHash64 tests.
    [Theory]
    [InlineData("", 0xEF46DB3751D8E999UL)]
    [InlineData("a", 15154266338359012955UL)]
    [InlineData("ab", 7347350983217793633UL)]
    [InlineData("abc", 0x44BC2CF5AD770999UL)]
    [InlineData("ABC", 0xE66AE7354FCFEE98UL)]
    [InlineData("foo", 3728699739546630719UL)]
    [InlineData("xxhash", 0x32DD38952C4BC720UL)]
    [InlineData("bar", 5234164152756840025UL)]
    [InlineData("test", 5754696928334414137UL)]
    [InlineData("\u0001", 9962287286179718960UL)]
    [InlineData("\u0002\0", 6482051057365497128UL)]
    [InlineData("\u0003\0\0\0", 13361037350151369407UL)]
    public void Matches_published_xxh64_vectors(string text, ulong expected)
    {
        Assert.Equal(expected, Hash64.Hash(System.Text.Encoding.UTF8.GetBytes(text)));
        Assert.Equal(expected, Hash64.Hash(text));
    }

    [Fact]
    public void Matches_the_published_vector_for_a_long_input_with_a_seed() =>
        Assert.Equal(0x9A11F5E9468D7425UL, Hash64.Hash("The quick brown fox jumps over the lazy dog"u8, seed: 43));

    // Pinned (and checked against an independent XXH64 written from the specification): every length
    // of the 1/4/8-byte tail rounds and the 32-byte stripes
    // must stay the same forever, because hashes are stored in segment files.
    [Theory]
    [InlineData(5, 9261676296912821582UL)]
    [InlineData(12, 10369726279301752430UL)]
    [InlineData(19, 3932733516881362386UL)]
    [InlineData(24, 10562129585545518841UL)]
    [InlineData(31, 5365180931665220769UL)]
    [InlineData(32, 10184845083914585149UL)]
    [InlineData(100, 17266991381171192145UL)]
    [InlineData(1000, 11049950332057828661UL)]
    public void Long_inputs_are_stable(int length, ulong expected)
    {
        byte[] data = Enumerable.Range(0, length).Select(i => (byte)((i * 31) + 7)).ToArray();
        Assert.Equal(expected, Hash64.Hash(data));
    }

    [Fact]
    public void Strings_hash_as_their_utf8_bytes_at_every_length()
    {
        var random = new Random(21);
        for (int length = 0; length < 600; length += 1 + (length / 8))
        {
            string text = new(Enumerable.Range(0, length).Select(_ => (char)random.Next(0x20, 0x3000)).ToArray());
            Assert.Equal(Hash64.Hash(System.Text.Encoding.UTF8.GetBytes(text)), Hash64.Hash(text));
        }
    }

    [Fact]
    public void Ignore_case_hash_is_the_hash_of_the_lower_invariant_form()
    {
        foreach (string text in new[] { "Request_ID", "ÉCOLE", "İstanbul", "ΣΊΣΥΦΟΣ", new string('Q', 400) })
        {
            Assert.Equal(Hash64.Hash(text.ToLowerInvariant()), Hash64.HashOrdinalIgnoreCase(text));
            Assert.Equal(Hash64.HashOrdinalIgnoreCase(text.ToUpperInvariant()), Hash64.HashOrdinalIgnoreCase(text.ToLowerInvariant()));
        }
    }

    [Fact]
    public void Numbers_hash_as_their_little_endian_bytes() =>
        Assert.Equal(Hash64.Hash(BitConverter.GetBytes(123456789L)), Hash64.Hash(123456789L));

    [Fact]
    public void Flipping_one_input_bit_flips_about_half_the_output_bits()
    {
        var random = new Random(22);
        long flippedBits = 0;
        int trials = 0;
        foreach (int length in new[] { 3, 8, 16, 40, 100 })
        {
            byte[] data = new byte[length];
            for (int round = 0; round < 40; round++)
            {
                random.NextBytes(data);
                ulong original = Hash64.Hash(data);
                int bit = random.Next(length * 8);
                data[bit / 8] ^= (byte)(1 << (bit % 8));
                flippedBits += BitOperations.PopCount(original ^ Hash64.Hash(data));
                trials++;
            }
        }

        double average = (double)flippedBits / trials;
        Assert.InRange(average, 30, 34);
    }

    [Fact]
    public void Sequential_keys_spread_evenly_over_buckets()
    {
        const int Buckets = 64;
        const int Keys = 64_000;
        int[] counts = new int[Buckets];
        for (int i = 0; i < Keys; i++)
        {
            counts[Hash64.Hash("user-" + i) >> 58]++;
        }

        // Chi-squared with 63 degrees of freedom: the 99.9th percentile is about 104.
        double expected = (double)Keys / Buckets;
        double chiSquared = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chiSquared < 104, $"chi-squared {chiSquared}");
    }

    [Fact]
    public void Inputs_under_a_stripe_hash_the_same_at_every_length_wherever_their_bytes_sit()
    {
        var random = new Random(11);
        for (int length = 0; length < 32; length++)
        {
            for (int round = 0; round < 20; round++)
            {
                var data = new byte[length + 3];
                random.NextBytes(data);
                var unaligned = data.AsSpan(1, length);
                Assert.Equal(Hash64.Hash(unaligned.ToArray()), Hash64.Hash(unaligned));
            }
        }
    }
}
