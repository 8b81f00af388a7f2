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

    /// <summary>Slots of the table of recently seen term hashes (direct-mapped, 16 KiB on the stack).</summary>
    private const int RecentHashes = 2048;

    /// <summary>Keyword search reads <c>_raw</c> and <c>message</c>; only their chunks pay for a term index.
    /// Other plain columns are filtered by reading their values.</summary>
    public static bool IsIndexed(string key) =>
        key.Equals(Metronome.Core.Events.FieldNames.Raw, StringComparison.OrdinalIgnoreCase)
        || key.Equals(Metronome.Core.Events.FieldNames.Message, StringComparison.OrdinalIgnoreCase);

    /// <summary>A filter of the terms of a chunk's values. Every term's hash is gathered first (a short term
    /// already seen in the chunk is not hashed again, see <see cref="TermTokenizer.SeenShortTermSlots"/>) and the
    /// distinct ones are estimated (a sketch: an exact set of a block's terms cost as much as finding them,
    /// and a filter sized 2% off keeps nearly the same false-positive rate), which sizes the filter; adding
    /// a repeated hash again changes nothing.</summary>
    public static BloomFilter Build<TValues>(in TValues values)
        where TValues : struct, IUtf8Values
    {
        ulong[] hashes = ArrayPool<ulong>.Shared.Rent(Math.Max(16, values.Count * 8));
        int count = 0;
        var distinct = new HyperLogLog(DistinctPrecision);
        Span<ulong> recent = stackalloc ulong[RecentHashes];
        ForgetRecent(recent);
        Span<ulong> seenShortTerms = stackalloc ulong[TermTokenizer.SeenShortTermSlots];
        seenShortTerms.Clear();
        try
        {
            for (int i = 0; i < values.Count; i++)
            {
                int from = count;
                TermTokenizer.AppendTermHashes(values[i], ref hashes, ref count, seenShortTerms);
                count = from + DropRecent(hashes.AsSpan(from, count - from), recent);
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

    /// <summary>Moves the hashes not among the <paramref name="recent"/> ones to the front of
    /// <paramref name="hashes"/> and remembers them; returns how many there are. Most terms of a log line are
    /// on the lines before it too (keys, methods, hosts): dropped here, they are not kept, estimated or added
    /// again, which would change neither the estimate nor the filter.</summary>
    private static int DropRecent(Span<ulong> hashes, Span<ulong> recent)
    {
        int kept = 0;
        foreach (ulong hash in hashes)
        {
            ref ulong slot = ref recent[(int)hash & (RecentHashes - 1)];
            if (slot != hash)
            {
                slot = hash;
                hashes[kept++] = hash;
            }
        }

        return kept;
    }

    /// <summary>Empties the table: each slot gets a value whose low bits name another slot, which no hash
    /// stored there can equal.</summary>
    private static void ForgetRecent(Span<ulong> recent)
    {
        for (int i = 0; i < recent.Length; i++)
        {
            recent[i] = (ulong)(i ^ 1);
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
