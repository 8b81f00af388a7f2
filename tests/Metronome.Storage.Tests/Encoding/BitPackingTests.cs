using Metronome.Storage.Encoding;

namespace Metronome.Storage.Tests.Encoding;

public class BitPackingTests
{
    public static TheoryData<int> AllWidths()
    {
        var data = new TheoryData<int>();
        for (int width = 0; width <= 64; width++)
        {
            data.Add(width);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllWidths))]
    public void Random_values_round_trip_at_every_width_and_many_counts(int width)
    {
        var random = new Random(width);
        ulong mask = width == 64 ? ulong.MaxValue : (1UL << width) - 1;
        foreach (int count in new[] { 0, 1, 2, 7, 8, 9, 63, 64, 65, 1000 })
        {
            ulong[] values = new ulong[count];
            for (int i = 0; i < count; i++)
            {
                values[i] = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40);
                values[i] &= mask;
            }

            byte[] packed = new byte[BitPacking.PackedLength(count, width)];
            BitPacking.Pack(values, width, packed);
            ulong[] unpacked = new ulong[count];
            BitPacking.Unpack(packed, width, unpacked);
            Assert.Equal(values, unpacked);
        }
    }

    [Theory]
    [MemberData(nameof(AllWidths))]
    public void Maximum_values_round_trip(int width)
    {
        ulong max = width == 64 ? ulong.MaxValue : (1UL << width) - 1;
        ulong[] values = Enumerable.Repeat(max, 77).ToArray();
        byte[] packed = new byte[BitPacking.PackedLength(values.Length, width)];
        BitPacking.Pack(values, width, packed);
        ulong[] unpacked = new ulong[values.Length];
        BitPacking.Unpack(packed, width, unpacked);
        Assert.Equal(values, unpacked);
    }

    [Fact]
    public void Uint_codes_round_trip_at_every_width()
    {
        var random = new Random(7);
        for (int width = 0; width <= 32; width++)
        {
            uint mask = width == 32 ? uint.MaxValue : (1U << width) - 1;
            uint[] codes = Enumerable.Range(0, 333).Select(_ => (uint)random.NextInt64() & mask).ToArray();
            byte[] packed = new byte[BitPacking.PackedLength(codes.Length, width)];
            BitPacking.Pack(codes, width, packed);
            uint[] unpacked = new uint[codes.Length];
            BitPacking.Unpack(packed, width, unpacked);
            Assert.Equal(codes, unpacked);
        }
    }

    [Fact]
    public void Layout_is_little_endian_low_bits_first()
    {
        byte[] packed = new byte[BitPacking.PackedLength(4, 3)];
        BitPacking.Pack(new ulong[] { 1, 2, 3, 4 }, 3, packed);

        // Bits: 001 | 010 | 011 | 100 from the low end = 0b_100_011_010_001 = 0x8D1.
        Assert.Equal(new byte[] { 0xD1, 0x08 }, packed);
    }

    [Fact]
    public void Bits_above_the_width_are_discarded()
    {
        byte[] packed = new byte[1];
        BitPacking.Pack(new ulong[] { 0xFF }, 4, packed);
        ulong[] unpacked = new ulong[1];
        BitPacking.Unpack(packed, 4, unpacked);
        Assert.Equal(0xFUL, unpacked[0]);
    }

    [Theory]
    [InlineData(0UL, 0)]
    [InlineData(1UL, 1)]
    [InlineData(255UL, 8)]
    [InlineData(256UL, 9)]
    [InlineData(ulong.MaxValue, 64)]
    public void BitWidth_is_the_number_of_significant_bits(ulong max, int expected) =>
        Assert.Equal(expected, BitPacking.BitWidth(max));

    [Fact]
    public void PackedLength_rounds_up_to_whole_bytes() =>
        Assert.Equal(new[] { 0, 1, 1, 2, 8, 65_536 * 64 / 8 },
            new[] { BitPacking.PackedLength(0, 5), BitPacking.PackedLength(1, 1), BitPacking.PackedLength(8, 1), BitPacking.PackedLength(3, 5), BitPacking.PackedLength(1, 64), BitPacking.PackedLength(65_536, 64) });

    [Fact]
    public void A_short_source_is_corrupt()
    {
        ulong[] destination = new ulong[10];
        Assert.Throws<CorruptDataException>(() => BitPacking.Unpack(new byte[12], 10, destination));
    }

    [Fact]
    public void Invalid_widths_and_short_destinations_are_argument_errors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BitPacking.PackedLength(1, 65));
        Assert.Throws<ArgumentOutOfRangeException>(() => BitPacking.Pack(new uint[1], 33, new byte[8]));
        Assert.Throws<ArgumentException>(() => BitPacking.Pack(new ulong[9], 8, new byte[8]));
    }
}
