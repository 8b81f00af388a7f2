using Metronome.Storage.Encoding;
using Metronome.Storage.Sketches;

namespace Metronome.Storage.Segments;

/// <summary>The per-chunk term index of text columns: a bloom filter of every term's hash, so keyword
/// searches skip chunks that cannot contain a term.</summary>
internal static class TermBloom
{
    private const double FalsePositiveRate = 0.01;

    /// <summary>1.6% standard error; exact up to 512 distinct terms.</summary>
    private const int DistinctPrecision = 12;

    /// <summary>Keyword search reads <c>_raw</c> and <c>message</c>; only their chunks pay for a term index.
    /// Other plain columns are filtered by reading their values.</summary>
    public static bool IsIndexed(string key) =>
        key.Equals(Metronome.Core.Events.FieldNames.Raw, StringComparison.OrdinalIgnoreCase)
        || key.Equals(Metronome.Core.Events.FieldNames.Message, StringComparison.OrdinalIgnoreCase);

    /// <summary>A filter of the terms of a chunk's values. Every term's hash is gathered first (but for repeats
    /// that <see cref="TermHashCollector"/> finds cheaply: adding a repeated hash again changes nothing) and
    /// the distinct ones are estimated (a sketch: an exact set of a block's terms cost as much as finding
    /// them, and a filter sized 2% off keeps nearly the same false-positive rate), which sizes the filter.</summary>
    public static BloomFilter Build<TValues>(in TValues values)
        where TValues : struct, IUtf8Values
    {
        Span<ulong> seenShortTerms = stackalloc ulong[TermHashCollector.SeenShortTermSlots];
        Span<ulong> recentHashes = stackalloc ulong[TermHashCollector.RecentHashSlots];
        var collector = new TermHashCollector(values.Count * 8, seenShortTerms, recentHashes);
        try
        {
            for (int i = 0; i < values.Count; i++)
            {
                collector.Add(values[i]);
            }

            var distinct = new HyperLogLog(DistinctPrecision);
            distinct.AddAll(collector.Hashes);
            var filter = BloomFilter.Create((int)Math.Clamp(distinct.Estimate(), 16, int.MaxValue), FalsePositiveRate);
            filter.AddAll(collector.Hashes);
            return filter;
        }
        finally
        {
            collector.Dispose();
        }
    }

    public static bool MayContainAll(BloomFilter filter, IReadOnlyList<string> terms)
    {
        foreach (var term in terms)
        {
            if (!filter.MayContain(Hash64.HashOrdinalIgnoreCase(term)))
            {
                return false;
            }
        }

        return true;
    }
}
