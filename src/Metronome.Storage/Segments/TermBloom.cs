using Metronome.Storage.Encoding;
using Metronome.Storage.Sketches;

namespace Metronome.Storage.Segments;

/// <summary>The per-chunk term index of text columns: a bloom filter of every term's hash, so keyword
/// searches skip chunks that cannot contain a term.</summary>
internal static class TermBloom
{
    private const double FalsePositiveRate = 0.01;

    /// <summary>Keyword search reads <c>_raw</c> and <c>message</c>; only their chunks pay for a term index.
    /// Other plain columns are filtered by reading their values.</summary>
    public static bool IsIndexed(string key) =>
        key.Equals(Metronome.Core.Events.FieldNames.Raw, StringComparison.OrdinalIgnoreCase)
        || key.Equals(Metronome.Core.Events.FieldNames.Message, StringComparison.OrdinalIgnoreCase);

    public static BloomFilter Build(IReadOnlyList<string> values)
    {
        var hashes = new HashSet<ulong>();
        foreach (var value in values)
        {
            foreach (ulong hash in TermTokenizer.EnumerateTermHashes(value))
            {
                hashes.Add(hash);
            }
        }

        var filter = BloomFilter.Create(Math.Max(16, hashes.Count), FalsePositiveRate);
        foreach (ulong hash in hashes)
        {
            filter.Add(hash);
        }

        return filter;
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
