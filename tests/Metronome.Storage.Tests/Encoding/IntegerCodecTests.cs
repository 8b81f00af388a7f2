using Metronome.Storage.Encoding;

namespace Metronome.Storage.Tests.Encoding;

public class IntegerCodecTests
{
    private const long StartMicros = 1_767_225_600_000_000; // 2026-01-01T00:00:00Z in microseconds

    public static TheoryData<string, long[]> Blocks()
    {
        var random = new Random(20260101);
        var data = new TheoryData<string, long[]>
        {
            { "empty", [] },
            { "one value", [42] },
            { "one negative value", [-7] },
            { "all equal", Enumerable.Repeat(123_456_789L, 1000).ToArray() },
            { "min and max", [long.MinValue, long.MaxValue, 0, long.MinValue, long.MaxValue] },
            { "only min", [long.MinValue, long.MinValue] },
            { "overflowing deltas", [long.MaxValue, long.MinValue, long.MaxValue, -1, long.MinValue] },
            { "alternating", Enumerable.Range(0, 1001).Select(i => i % 2 == 0 ? 5L : -5L).ToArray() },
            { "ascending", Enumerable.Range(0, 5000).Select(i => (long)i).ToArray() },
            { "descending", Enumerable.Range(0, 5000).Select(i => 1_000_000L - (i * 3L)).ToArray() },
            { "small ints", Enumerable.Range(0, 4096).Select(_ => (long)random.Next(0, 600)).ToArray() },
            { "random 64-bit", Enumerable.Range(0, 2048).Select(_ => random.NextInt64(long.MinValue, long.MaxValue)).ToArray() },
            { "sorted microsecond timestamps", Timestamps(random, 65_536, 1) },
            { "millisecond timestamps", Timestamps(random, 10_000, 1000) },
            { "second timestamps", Timestamps(random, 10_000, 1_000_000) },
            { "multiples of 1000 with negatives", [-3000, 0, 5000, long.MinValue / 1000 * 1000, 7000] },
            { "multiples of a million at the extremes", [long.MaxValue / 1_000_000 * 1_000_000, long.MinValue / 1_000_000 * 1_000_000] },
            { "constant multiples of 1000", Enumerable.Repeat(5000L, 10).ToArray() },
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Round_trips(string name, long[] values)
    {
        byte[] encoded = CodecAssert.Encode(output => IntegerCodec.Encode(values, output));

        Assert.Equal(values.Length, IntegerCodec.ReadCount(encoded));
        Assert.Equal(encoded.Length, IntegerCodec.GetEncodedLength(encoded));
        long[] decoded = new long[values.Length];
        Assert.Equal(values.Length, IntegerCodec.Decode(encoded, decoded));
        Assert.True(values.AsSpan().SequenceEqual(decoded), name);
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Rejects_truncation_and_header_damage(string name, long[] values)
    {
        _ = name;
        byte[] encoded = CodecAssert.Encode(output => IntegerCodec.Encode(values.AsSpan(0, Math.Min(values.Length, 300)), output));
        CodecAssert.RejectsEveryTruncation(encoded, Decode);
        CodecAssert.RejectsEveryHeaderBitFlip(encoded, Decode);
    }

    [Fact]
    public void Survives_random_damage()
    {
        long[] values = Timestamps(new Random(1), 200, 1);
        byte[] encoded = CodecAssert.Encode(output => IntegerCodec.Encode(values, output));
        CodecAssert.SurvivesRandomDamage(encoded, Decode, seed: 3);
    }

    [Fact]
    public void Sorted_microsecond_timestamps_pick_delta_and_pack_tightly()
    {
        // Events a few hundred microseconds apart: deltas need ~10 bits instead of 64.
        long[] values = Timestamps(new Random(5), 65_536, 1);
        byte[] encoded = CodecAssert.Encode(output => IntegerCodec.Encode(values, output));

        Assert.Equal(IntegerEncodingKind.Delta, IntegerCodec.GetKind(encoded));
        Assert.True(encoded.Length < values.Length * 11 / 8, $"{encoded.Length} bytes");
    }

    [Fact]
    public void Millisecond_timestamps_are_scaled_by_1000()
    {
        long[] micros = Timestamps(new Random(6), 4096, 1000);
        long[] unscaledEquivalent = micros.Select(v => v + 1).ToArray();
        byte[] scaled = CodecAssert.Encode(output => IntegerCodec.Encode(micros, output));
        byte[] unscaled = CodecAssert.Encode(output => IntegerCodec.Encode(unscaledEquivalent, output));

        // The scaled flag (bit 4) is set, and dividing by 1000 saves about 10 of 20 bits per value.
        Assert.Equal(0x10, scaled[0] & 0x10);
        Assert.True(scaled.Length < unscaled.Length * 0.6, $"{scaled.Length} vs {unscaled.Length} bytes");
    }

    [Fact]
    public void Evenly_spaced_timestamps_need_no_payload()
    {
        long[] values = Enumerable.Range(0, 65_536).Select(i => StartMicros + (i * 1_000_000L)).ToArray();
        byte[] encoded = CodecAssert.Encode(output => IntegerCodec.Encode(values, output));
        Assert.True(encoded.Length < 20, $"{encoded.Length} bytes");
    }

    [Fact]
    public void Random_small_ints_pick_frame_of_reference()
    {
        var random = new Random(8);
        long[] values = Enumerable.Range(0, 1000).Select(_ => 10_000L + random.Next(0, 256)).ToArray();
        byte[] encoded = CodecAssert.Encode(output => IntegerCodec.Encode(values, output));

        Assert.Equal(IntegerEncodingKind.FrameOfReference, IntegerCodec.GetKind(encoded));
        Assert.True(encoded.Length <= 1000 + 10);
    }

    [Fact]
    public void Constant_blocks_are_a_few_bytes()
    {
        byte[] encoded = CodecAssert.Encode(output => IntegerCodec.Encode(Enumerable.Repeat(-1L, 65_536).ToArray(), output));
        Assert.Equal(IntegerEncodingKind.Constant, IntegerCodec.GetKind(encoded));
        Assert.Equal(5, encoded.Length); // header, 3-byte count, 1-byte value
    }

    [Fact]
    public void Header_byte_has_even_parity_and_the_documented_layout()
    {
        byte[] empty = CodecAssert.Encode(output => IntegerCodec.Encode([], output));
        byte[] frame = CodecAssert.Encode(output => IntegerCodec.Encode([1, 9, 3], output));

        Assert.Equal(new byte[] { 0x00, 0x00 }, empty);
        // Frame of reference (kind 1, odd popcount, so parity bit 7 set), count 3, min 1 (zigzag 2), width 4, residuals 0, 8, 2.
        Assert.Equal(new byte[] { 0x81, 0x03, 0x02, 0x04, 0x80, 0x02 }, frame);
    }

    [Fact]
    public void Decoding_with_trailing_data_reports_the_bytes_consumed()
    {
        byte[] encoded = CodecAssert.Encode(output => IntegerCodec.Encode([5, 6, 7], output));
        byte[] withTrailer = [.. encoded, 0xEE, 0xFF];
        long[] decoded = new long[3];

        Assert.Throws<CorruptDataException>(() => IntegerCodec.Decode(withTrailer, decoded));
        Assert.Equal(3, IntegerCodec.Decode(withTrailer, decoded, out int consumed));
        Assert.Equal(encoded.Length, consumed);
        Assert.Equal(new long[] { 5, 6, 7 }, decoded);
    }

    [Fact]
    public void A_too_small_destination_is_an_argument_error()
    {
        byte[] encoded = CodecAssert.Encode(output => IntegerCodec.Encode([1, 2, 3], output));
        Assert.Throws<ArgumentException>(() => IntegerCodec.Decode(encoded, new long[2]));
    }

    [Fact]
    public void Oversized_declared_counts_are_corrupt()
    {
        // A constant block claiming 2^30 values: three bytes that must not make a reader allocate 8 GiB.
        byte[] encoded = [0x00, 0x80, 0x80, 0x80, 0x80, 0x04, 0x02];
        Assert.Throws<CorruptDataException>(() => IntegerCodec.ReadCount(encoded));
    }

    private static long[] Timestamps(Random random, int count, long unit)
    {
        long[] values = new long[count];
        long current = StartMicros;
        for (int i = 0; i < count; i++)
        {
            current += random.Next(0, 900) * unit;
            values[i] = current;
        }

        return values;
    }

    private static void Decode(byte[] encoded)
    {
        int count = IntegerCodec.ReadCount(encoded);
        IntegerCodec.Decode(encoded, new long[Math.Min(count, 1 << 20)]);
    }
}
