using Metronome.Storage.Encoding;

namespace Metronome.Storage.Tests.Encoding;

public class DoubleCodecTests
{
    public static TheoryData<string, double[]> Blocks()
    {
        var random = new Random(99);
        double walk = 100;
        return new TheoryData<string, double[]>
        {
            { "empty", [] },
            { "one value", [Math.PI] },
            { "special values", [double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 0.0, double.Epsilon, double.MaxValue, double.MinValue, BitConverter.Int64BitsToDouble(0x7FF8_0000_DEAD_BEEF)] },
            { "negative zero alone", [-0.0, -0.0] },
            { "all equal", Enumerable.Repeat(0.25, 500).ToArray() },
            { "integral counters", Enumerable.Range(0, 1000).Select(i => (double)(i * 7)).ToArray() },
            { "integral extremes", [-9223372036854775808.0, 9223372036854774784.0, 0, -1] },
            { "just beyond long", [9223372036854775808.0, 1] },
            { "alternating", Enumerable.Range(0, 999).Select(i => i % 2 == 0 ? 1.5 : -1.5).ToArray() },
            { "slow random walk", Enumerable.Range(0, 2000).Select(_ => walk += Math.Round(random.NextDouble() - 0.5, 2)).ToArray() },
            { "random", Enumerable.Range(0, 2000).Select(_ => random.NextDouble() * 1e6).ToArray() },
            { "random bit patterns", Enumerable.Range(0, 500).Select(_ => BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue))).ToArray() },
        };
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Round_trips_bit_exactly(string name, double[] values)
    {
        byte[] encoded = CodecAssert.Encode(output => DoubleCodec.Encode(values, output));

        Assert.Equal(values.Length, DoubleCodec.ReadCount(encoded));
        Assert.Equal(encoded.Length, DoubleCodec.GetEncodedLength(encoded));
        double[] decoded = new double[values.Length];
        Assert.Equal(values.Length, DoubleCodec.Decode(encoded, decoded));
        Assert.True(
            values.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(decoded.Select(BitConverter.DoubleToInt64Bits)),
            name);
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Rejects_truncation_and_header_damage(string name, double[] values)
    {
        _ = name;
        byte[] encoded = CodecAssert.Encode(output => DoubleCodec.Encode(values.AsSpan(0, Math.Min(values.Length, 200)), output));
        CodecAssert.RejectsEveryTruncation(encoded, Decode);
        CodecAssert.RejectsEveryHeaderBitFlip(encoded, Decode);
    }

    [Fact]
    public void Survives_random_damage()
    {
        double walk = 20;
        var random = new Random(4);
        double[] values = Enumerable.Range(0, 100).Select(_ => walk += random.NextDouble()).ToArray();
        byte[] encoded = CodecAssert.Encode(output => DoubleCodec.Encode(values, output));
        CodecAssert.SurvivesRandomDamage(encoded, Decode, seed: 5);
    }

    [Fact]
    public void Whole_numbers_use_the_integer_codec()
    {
        double[] values = Enumerable.Range(0, 1000).Select(i => (double)(200 + (i % 5))).ToArray();
        byte[] encoded = CodecAssert.Encode(output => DoubleCodec.Encode(values, output));

        Assert.Equal(DoubleEncodingKind.Integral, DoubleCodec.GetKind(encoded));
        Assert.True(encoded.Length < 400, $"{encoded.Length} bytes");
    }

    [Fact]
    public void Negative_zero_and_NaN_keep_values_off_the_integral_path()
    {
        Assert.NotEqual(DoubleEncodingKind.Integral, DoubleCodec.GetKind(CodecAssert.Encode(o => DoubleCodec.Encode([1, -0.0], o))));
        Assert.NotEqual(DoubleEncodingKind.Integral, DoubleCodec.GetKind(CodecAssert.Encode(o => DoubleCodec.Encode([1, double.NaN], o))));
    }

    [Fact]
    public void Slowly_changing_gauges_compress_with_xor()
    {
        double[] values = Enumerable.Range(0, 1000).Select(i => 21.5 + ((i / 100) * 0.25)).ToArray();
        byte[] encoded = CodecAssert.Encode(output => DoubleCodec.Encode(values, output));

        Assert.Equal(DoubleEncodingKind.Xor, DoubleCodec.GetKind(encoded));
        Assert.True(encoded.Length < 250, $"{encoded.Length} bytes");
    }

    [Fact]
    public void Xor_layout_is_pinned()
    {
        // 0x81 xor header, count 5, 15 stream bytes; 1.5 raw; '0' (repeat); 1.75: '11', 13 leading
        // zeros, length 1, bit 1 -> 0x66 0x81 ...; the stream is part of the segment file format.
        byte[] encoded = CodecAssert.Encode(output => DoubleCodec.Encode([1.5, 1.5, 1.75, 1.25, 2.5], output));
        Assert.Equal("81050F3FF80000000000006681CC038257FF", Convert.ToHexString(encoded));
    }

    [Fact]
    public void Incompressible_values_fall_back_to_plain()
    {
        var random = new Random(11);
        double[] values = Enumerable.Range(0, 1000).Select(_ => BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue))).ToArray();
        byte[] encoded = CodecAssert.Encode(output => DoubleCodec.Encode(values, output));

        Assert.Equal(DoubleEncodingKind.Plain, DoubleCodec.GetKind(encoded));
        Assert.Equal(1 + 2 + 8000, encoded.Length);
    }

    private static void Decode(byte[] encoded)
    {
        int count = DoubleCodec.ReadCount(encoded);
        DoubleCodec.Decode(encoded, new double[Math.Min(count, 1 << 20)]);
    }
}
