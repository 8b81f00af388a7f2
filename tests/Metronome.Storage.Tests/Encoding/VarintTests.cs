using System.Buffers;
using Metronome.Storage.Encoding;

namespace Metronome.Storage.Tests.Encoding;

public class VarintTests
{
    public static TheoryData<ulong, int> LengthCases => new()
    {
        { 0, 1 }, { 1, 1 }, { 127, 1 }, { 128, 2 }, { 16_383, 2 }, { 16_384, 3 },
        { uint.MaxValue, 5 }, { 1UL << 56, 9 }, { (1UL << 63) - 1, 9 }, { 1UL << 63, 10 }, { ulong.MaxValue, 10 },
    };

    [Theory]
    [MemberData(nameof(LengthCases))]
    public void Round_trips_with_the_expected_length(ulong value, int expectedLength)
    {
        Span<byte> buffer = stackalloc byte[Varint.MaxLength];
        int written = Varint.Write(buffer, value);
        Assert.Equal(expectedLength, written);
        Assert.Equal(expectedLength, Varint.Length(value));

        int offset = 0;
        Assert.Equal(value, Varint.Read(buffer[..written], ref offset));
        Assert.Equal(written, offset);
    }

    [Fact]
    public void Writes_the_known_LEB128_bytes_of_300()
    {
        Span<byte> buffer = stackalloc byte[Varint.MaxLength];
        int written = Varint.Write(buffer, 300);
        Assert.Equal(new byte[] { 0xAC, 0x02 }, buffer[..written].ToArray());
    }

    [Fact]
    public void Buffer_writer_and_span_produce_the_same_bytes_in_sequence()
    {
        var output = new ArrayBufferWriter<byte>();
        ulong[] values = [0, 1, 300, ulong.MaxValue, 42];
        foreach (ulong value in values)
        {
            Varint.Write(output, value);
        }

        int offset = 0;
        foreach (ulong value in values)
        {
            Assert.Equal(value, Varint.Read(output.WrittenSpan, ref offset));
        }

        Assert.Equal(output.WrittenCount, offset);
    }

    [Theory]
    [InlineData(0L, 0UL)]
    [InlineData(-1L, 1UL)]
    [InlineData(1L, 2UL)]
    [InlineData(-2L, 3UL)]
    [InlineData(long.MaxValue, ulong.MaxValue - 1)]
    [InlineData(long.MinValue, ulong.MaxValue)]
    public void ZigZag_maps_small_magnitudes_to_small_numbers(long value, ulong expected)
    {
        Assert.Equal(expected, Varint.ZigZagEncode(value));
        Assert.Equal(value, Varint.ZigZagDecode(expected));
    }

    [Fact]
    public void Signed_values_round_trip()
    {
        Span<byte> buffer = stackalloc byte[Varint.MaxLength];
        foreach (long value in new[] { 0L, -1, 63, -64, 64, long.MinValue, long.MaxValue })
        {
            int written = Varint.WriteSigned(buffer, value);
            int offset = 0;
            Assert.Equal(value, Varint.ReadSigned(buffer[..written], ref offset));
        }
    }

    [Fact]
    public void Truncated_input_is_corrupt()
    {
        byte[] bytes = [0x80, 0x80];
        int offset = 0;
        Assert.Throws<CorruptDataException>(() => Varint.Read(bytes, ref offset));
        Assert.Equal(0, offset);
    }

    [Fact]
    public void Values_beyond_64_bits_are_corrupt()
    {
        byte[] tooBig = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02];
        byte[] tooLong = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00];
        int offset = 0;
        Assert.Throws<CorruptDataException>(() => Varint.Read(tooBig, ref offset));
        Assert.Throws<CorruptDataException>(() => Varint.Read(tooLong, ref offset));
    }

    [Fact]
    public void Writing_into_too_small_a_span_is_an_argument_error()
    {
        byte[] buffer = new byte[1];
        Assert.Throws<ArgumentException>(() => Varint.Write(buffer, 128));
    }
}
