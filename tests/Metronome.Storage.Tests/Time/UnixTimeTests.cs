using Metronome.Core.Time;

namespace Metronome.Storage.Tests.Time;

/// <summary>Core's time arithmetic, which the store's partitions and buckets rest on.</summary>
public sealed class UnixTimeTests
{
    [Theory]
    [InlineData(7, 3, 2)]
    [InlineData(6, 3, 2)]
    [InlineData(0, 3, 0)]
    [InlineData(-1, 3, -1)]
    [InlineData(-3, 3, -1)]
    [InlineData(-4, 3, -2)]
    [InlineData(long.MinValue, 1000, -9_223_372_036_854_776)]
    public void FloorDiv_rounds_toward_negative_infinity(long value, long divisor, long expected) =>
        Assert.Equal(expected, UnixTime.FloorDiv(value, divisor));

    [Theory]
    [InlineData(1_795_262_400_123_456, 1_795_262_400_123_000)]
    [InlineData(1_795_262_400_123_000, 1_795_262_400_123_000)]
    [InlineData(-1, -1_000)]
    [InlineData(-1_000, -1_000)]
    public void Receipt_times_are_cut_to_the_millisecond_they_fall_in(long us, long expected) =>
        Assert.Equal(expected, UnixTime.ToReceiptTime(us));
}
