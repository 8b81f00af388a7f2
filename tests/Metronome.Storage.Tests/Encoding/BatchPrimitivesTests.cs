using Metronome.Core.Events.Batches;

namespace Metronome.Storage.Tests.Encoding;

/// <summary>The batch format's varints, read by both the word-at-a-time path (8 readable bytes) and the
/// byte loop (near the end of the data).</summary>
public sealed class BatchPrimitivesTests
{
    [Fact]
    public void Varints_of_every_length_read_back_exactly_wherever_they_sit()
    {
        var random = new Random(7);
        var values = new List<ulong> { 0, 1, 127, 128, 16_383, 16_384, ulong.MaxValue, ulong.MaxValue >> 1, 1UL << 56, (1UL << 56) - 1, 1UL << 63 };
        for (int bits = 1; bits <= 64; bits++)
        {
            for (int i = 0; i < 20; i++)
            {
                values.Add((ulong)random.NextInt64() >> (64 - bits) | (bits == 64 ? 1UL << 63 : 0));
            }
        }

        foreach (ulong value in values)
        {
            for (int padding = 0; padding <= 9; padding++)
            {
                var data = new byte[3 + 10 + padding];
                int written = BatchPrimitives.WriteVarint(data.AsSpan(3), value);
                Assert.Equal(BatchPrimitives.VarintLength(value), written);
                var exact = data.AsSpan(0, 3 + written + padding);

                int offset = 3;
                Assert.Equal(value, BatchPrimitives.ReadVarint(exact, ref offset));
                Assert.Equal(3 + written, offset);
            }
        }
    }

    [Fact]
    public void A_varint_cut_short_is_an_error()
    {
        var data = new byte[10];
        int written = BatchPrimitives.WriteVarint(data, ulong.MaxValue);
        Assert.Throws<InvalidDataException>(() =>
        {
            int offset = 0;
            BatchPrimitives.ReadVarint(data.AsSpan(0, written - 1), ref offset);
        });

        // Eight continuation bytes in a row and then the end: the word path must not stop early.
        var continuing = Enumerable.Repeat((byte)0x80, 8).ToArray();
        Assert.Throws<InvalidDataException>(() =>
        {
            int offset = 0;
            BatchPrimitives.ReadVarint(continuing, ref offset);
        });
    }
}
