using Metronome.Storage.Encoding;
using Metronome.Storage.Sketches;
using Metronome.Storage.Tests.Encoding;

namespace Metronome.Storage.Tests.Sketches;

public class BloomFilterTests
{
    [Fact]
    public void Never_forgets_an_added_item()
    {
        BloomFilter filter = BloomFilter.Create(10_000, 0.01);
        for (int i = 0; i < 10_000; i++)
        {
            filter.Add(Hash64.Hash("item-" + i));
        }

        for (int i = 0; i < 10_000; i++)
        {
            Assert.True(filter.MayContain(Hash64.Hash("item-" + i)));
        }
    }

    [Theory]
    [InlineData(10_000, 0.01)]
    [InlineData(50_000, 0.001)]
    [InlineData(1_000, 0.05)]
    public void Measured_false_positive_rate_is_close_to_the_requested_rate(int items, double rate)
    {
        BloomFilter filter = BloomFilter.Create(items, rate);
        for (int i = 0; i < items; i++)
        {
            filter.Add(Hash64.Hash(i));
        }

        const int Probes = 200_000;
        int falsePositives = 0;
        for (int i = 0; i < Probes; i++)
        {
            if (filter.MayContain(Hash64.Hash(-1L - i)))
            {
                falsePositives++;
            }
        }

        double measured = (double)falsePositives / Probes;
        Assert.True(measured <= rate * 1.2, $"measured {measured:P3} for requested {rate:P3}");
        Assert.True(measured >= rate * 0.4, $"measured {measured:P3} for requested {rate:P3}: oversized");
    }

    [Fact]
    public void Size_grows_with_items_and_precision()
    {
        Assert.Equal(1, BloomFilter.Create(0, 0.01).BlockCount);
        Assert.True(BloomFilter.Create(10_000, 0.01).SizeInBytes < BloomFilter.Create(10_000, 0.001).SizeInBytes);
        Assert.InRange(BloomFilter.Create(10_000, 0.01).SizeInBytes, 10_000 * 10 / 8, 10_000 * 16 / 8);
    }

    [Fact]
    public void Round_trips_through_its_serialized_form()
    {
        BloomFilter filter = BloomFilter.Create(1000, 0.01);
        for (int i = 0; i < 1000; i++)
        {
            filter.Add(Hash64.Hash(i));
        }

        byte[] encoded = CodecAssert.Encode(filter.WriteTo);
        BloomFilter read = BloomFilter.Read(encoded);

        Assert.Equal(filter.BlockCount, read.BlockCount);
        Assert.Equal(encoded, CodecAssert.Encode(read.WriteTo));
        for (int i = -1000; i < 1000; i++)
        {
            Assert.Equal(filter.MayContain(Hash64.Hash(i)), read.MayContain(Hash64.Hash(i)));
        }
    }

    [Fact]
    public void Union_contains_both_sets()
    {
        BloomFilter first = BloomFilter.Create(100, 0.01);
        BloomFilter second = BloomFilter.Create(100, 0.01);
        first.Add(Hash64.Hash("a"));
        second.Add(Hash64.Hash("b"));
        first.UnionWith(second);

        Assert.True(first.MayContain(Hash64.Hash("a")));
        Assert.True(first.MayContain(Hash64.Hash("b")));
        Assert.Throws<ArgumentException>(() => first.UnionWith(BloomFilter.Create(100_000, 0.01)));
    }

    [Fact]
    public void Rejects_damaged_input()
    {
        BloomFilter filter = BloomFilter.Create(10, 0.01);
        filter.Add(42);
        byte[] encoded = CodecAssert.Encode(filter.WriteTo);

        CodecAssert.RejectsEveryTruncation(encoded, bytes => BloomFilter.Read(bytes));
        CodecAssert.RejectsEveryHeaderBitFlip(encoded, bytes => BloomFilter.Read(bytes));
        CodecAssert.SurvivesRandomDamage(encoded, bytes => BloomFilter.Read(bytes), seed: 31);
    }

    [Fact]
    public void Invalid_parameters_are_argument_errors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BloomFilter.Create(-1, 0.01));
        Assert.Throws<ArgumentOutOfRangeException>(() => BloomFilter.Create(10, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => BloomFilter.Create(10, 1));
    }
}
