using Metronome.Storage.Encoding;
using Metronome.Storage.Sketches;
using Metronome.Storage.Tests.Encoding;

namespace Metronome.Storage.Tests.Sketches;

public class HyperLogLogTests
{
    [Theory]
    [InlineData(1_000)]
    [InlineData(10_000)]
    [InlineData(50_000)]
    [InlineData(100_000)]
    [InlineData(1_000_000)]
    public void Estimates_within_two_percent(int distinct)
    {
        var sketch = new HyperLogLog();
        for (int i = 0; i < distinct; i++)
        {
            sketch.Add(Hash64.Hash(i));
        }

        double error = Math.Abs(sketch.Estimate() - distinct) / (double)distinct;
        Assert.True(error < 0.02, $"estimate {sketch.Estimate()} for {distinct}");
    }

    [Fact]
    public void Small_counts_are_exact_and_duplicates_do_not_count()
    {
        var sketch = new HyperLogLog();
        Assert.Equal(0, sketch.Estimate());
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 1500; i++)
            {
                sketch.Add(Hash64.Hash("user-" + i));
            }
        }

        Assert.True(sketch.IsSparse);
        Assert.Equal(1500, sketch.Estimate());
    }

    [Theory]
    [InlineData(4)]
    [InlineData(10)]
    [InlineData(18)]
    public void Every_precision_stays_within_a_few_standard_errors(int precision)
    {
        var sketch = new HyperLogLog(precision);
        const int Distinct = 200_000;
        for (int i = 0; i < Distinct; i++)
        {
            sketch.Add(Hash64.Hash(i));
        }

        double standardError = 1.04 / Math.Sqrt(1 << precision);
        double error = Math.Abs(sketch.Estimate() - Distinct) / (double)Distinct;
        Assert.True(error < 4 * standardError, $"error {error:P2} at precision {precision}");
    }

    [Fact]
    public void Merging_equals_adding_everything_to_one_sketch()
    {
        var left = new HyperLogLog();
        var right = new HyperLogLog();
        var both = new HyperLogLog();
        for (int i = 0; i < 60_000; i++)
        {
            ulong hash = Hash64.Hash(i);
            (i % 3 == 0 ? left : right).Add(hash);
            both.Add(hash);
        }

        left.Merge(right);
        Assert.Equal(both.Estimate(), left.Estimate());
        Assert.Equal(CodecAssert.Encode(both.WriteTo), CodecAssert.Encode(left.WriteTo));
    }

    [Fact]
    public void Merging_sparse_sketches_stays_exact()
    {
        var left = new HyperLogLog();
        var right = new HyperLogLog();
        for (int i = 0; i < 500; i++)
        {
            left.Add(Hash64.Hash(i));
            right.Add(Hash64.Hash(i + 250));
        }

        left.Merge(right);
        Assert.Equal(750, left.Estimate());
        Assert.Throws<ArgumentException>(() => left.Merge(new HyperLogLog(12)));
    }

    /// <summary>Whether the exact form turns into registers depends on the repeats and their order: adding a
    /// span must go through the same states as adding its hashes one by one, also across that change.</summary>
    [Theory]
    [InlineData(300, 3)]
    [InlineData(700, 1)]
    [InlineData(700, 4)]
    [InlineData(5000, 2)]
    public void Adding_a_span_equals_adding_its_hashes_one_by_one(int distinct, int repeats)
    {
        var random = new Random(distinct + repeats);
        ulong[] hashes = [.. Enumerable.Range(0, distinct * repeats).Select(_ => Hash64.Hash((long)random.Next(distinct)))];
        var one = new HyperLogLog(12);
        var all = new HyperLogLog(12);
        foreach (ulong hash in hashes)
        {
            one.Add(hash);
        }

        all.AddAll(hashes.AsSpan(0, hashes.Length / 3));
        all.AddAll(hashes.AsSpan(hashes.Length / 3));

        Assert.Equal(one.IsSparse, all.IsSparse);
        Assert.Equal(CodecAssert.Encode(one.WriteTo), CodecAssert.Encode(all.WriteTo));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(3000)]
    [InlineData(100_000)]
    public void Round_trips_through_its_serialized_form(int distinct)
    {
        var sketch = new HyperLogLog(12);
        for (int i = 0; i < distinct; i++)
        {
            sketch.Add(Hash64.Hash(i));
        }

        byte[] encoded = CodecAssert.Encode(sketch.WriteTo);
        HyperLogLog read = HyperLogLog.Read(encoded);

        Assert.Equal(sketch.Estimate(), read.Estimate());
        Assert.Equal(sketch.IsSparse, read.IsSparse);
        Assert.Equal(12, read.Precision);
        read.Add(Hash64.Hash(-1L));
        Assert.True(read.Estimate() >= sketch.Estimate());
    }

    [Theory]
    [InlineData(20)]
    [InlineData(5000)]
    public void Rejects_damaged_input(int distinct)
    {
        var sketch = new HyperLogLog(8);
        for (int i = 0; i < distinct; i++)
        {
            sketch.Add(Hash64.Hash(i));
        }

        byte[] encoded = CodecAssert.Encode(sketch.WriteTo);
        CodecAssert.RejectsEveryTruncation(encoded, bytes => HyperLogLog.Read(bytes));
        CodecAssert.RejectsEveryHeaderBitFlip(encoded, bytes => HyperLogLog.Read(bytes));
        CodecAssert.SurvivesRandomDamage(encoded, bytes => HyperLogLog.Read(bytes).Estimate(), seed: distinct);
    }

    [Fact]
    public void Precision_outside_4_to_18_is_an_argument_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HyperLogLog(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HyperLogLog(19));
    }
}
