using Metronome.Storage.Encoding;
using Metronome.Storage.Segments;
using Metronome.Storage.Sketches;

namespace Metronome.Storage.Tests.Segments;

public sealed class TermBloomTests
{
    [Theory]
    [InlineData("ünïcode_")] // decoded, term by term
    [InlineData("ascii_")] // split from bitmaps, short terms looked up in the table of those seen
    public void A_filter_of_lines_that_repeat_terms_is_the_one_every_term_hash_gives(string lastTerm)
    {
        // Lines that share most terms (which the builder drops as recently seen), with enough distinct ones
        // between repeats that the table of recent hashes forgets some: the filter must not change.
        var random = new Random(5);
        var lines = Enumerable.Range(0, 5_000).Select(i =>
            $"at=info method={(i % 3 == 0 ? "GET" : "POST")} path=/items/{random.Next(100)} request_id={random.NextInt64():x} "
            + $"service={random.Next(900)}ms status={(i % 10 == 0 ? 404 : 200)} {lastTerm}{i % 50}").ToList();
        var values = new Lines([.. lines.Select(l => System.Text.Encoding.UTF8.GetBytes(l))]);

        var built = TermBloom.Build(values);

        Assert.Equal(Encoded(Reference(values)), Encoded(built));
        foreach (var line in lines.Take(200))
        {
            Assert.True(TermBloom.MayContainAll(built, TermTokenizer.Terms(line)));
        }
    }

    /// <summary>Every term's hash, estimated and added without dropping any.</summary>
    private static BloomFilter Reference(Lines values)
    {
        var collector = new TermHashCollector(16);
        try
        {
            for (int i = 0; i < values.Count; i++)
            {
                collector.Add(values[i]);
            }

            var distinct = new HyperLogLog(12);
            foreach (ulong hash in collector.Hashes)
            {
                distinct.Add(hash);
            }

            var filter = BloomFilter.Create((int)Math.Max(16, distinct.Estimate()), 0.01);
            foreach (ulong hash in collector.Hashes)
            {
                filter.Add(hash);
            }

            return filter;
        }
        finally
        {
            collector.Dispose();
        }
    }

    private static byte[] Encoded(BloomFilter filter) => ReferenceTermBloom.Encoded(filter);

    private readonly struct Lines(byte[][] lines) : IUtf8Values
    {
        public int Count => lines.Length;

        public ReadOnlySpan<byte> this[int index] => lines[index];
    }
}
