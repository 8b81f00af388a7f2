using System.Buffers;
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

    /// <summary>A filter of the terms of a chunk's values. Every term's hash is gathered first and the
    /// distinct ones are estimated (a sketch: an exact set of a block's terms cost as much as finding them,
    /// and a filter sized 2% off keeps nearly the same false-positive rate), which sizes the filter; adding
    /// a repeated hash again changes nothing.</summary>
    public static BloomFilter Build<TValues>(in TValues values)
        where TValues : struct, IUtf8Values
    {
        ulong[] hashes = ArrayPool<ulong>.Shared.Rent(Math.Max(16, values.Count * 8));
        int count = 0;
        var distinct = new HyperLogLog(DistinctPrecision);
        try
        {
            for (int i = 0; i < values.Count; i++)
            {
                TermTokenizer.AppendTermHashes(values[i], ref hashes, ref count);
            }

            var all = hashes.AsSpan(0, count);
            foreach (ulong hash in all)
            {
                distinct.Add(hash);
            }

            var filter = BloomFilter.Create((int)Math.Clamp(distinct.Estimate(), 16, int.MaxValue), FalsePositiveRate);
            foreach (ulong hash in all)
            {
                filter.Add(hash);
            }

            return filter;
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(hashes);
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
