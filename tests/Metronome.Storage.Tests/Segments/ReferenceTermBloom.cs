using System.Buffers.Binary;
using Metronome.Core.Text;
using Metronome.Storage.Encoding;
using Metronome.Storage.Sketches;

namespace Metronome.Storage.Tests.Segments;

/// <summary>
/// The term filter of a chunk as sealing has always written it, built the plain way from decoded strings, for
/// tests that hold the real builder to it bit for bit. Each value's terms are hashed as the query side hashes
/// them, except that in an ASCII value a term of up to 8 bytes starting 8 bytes or more before the end of the
/// value rounded up to 64 bytes is skipped when a 4096-slot table of such terms (indexed by the term's bytes
/// times 0x9E3779B97F4A7C15, top 12 bits) already holds it, and put there otherwise. The value's hashes then
/// pass a 2048-slot table of recent hashes (indexed by the low 11 bits), which drops those it holds. What is
/// left, in order, is estimated by a precision-12 sketch, which sizes the filter (1% false positives, at least
/// 16 items), and added to it.
/// </summary>
internal static class ReferenceTermBloom
{
    public static byte[] Encoded(IEnumerable<byte[]> values)
    {
        var kept = KeptHashes(values);
        var distinct = new HyperLogLog(12);
        foreach (ulong hash in kept)
        {
            distinct.Add(hash);
        }

        var filter = BloomFilter.Create((int)Math.Max(16, distinct.Estimate()), 0.01);
        foreach (ulong hash in kept)
        {
            filter.Add(hash);
        }

        return Encoded(filter);
    }

    public static byte[] Encoded(BloomFilter filter)
    {
        using var output = new PooledBufferWriter(1024);
        filter.WriteTo(output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>The hashes the sketch and the filter are given, in order.</summary>
    public static List<ulong> KeptHashes(IEnumerable<byte[]> values)
    {
        var seenShortTerms = new ulong[4096];
        var recent = Enumerable.Range(0, 2048).Select(i => (ulong)(i ^ 1)).ToArray();
        var kept = new List<ulong>();
        foreach (var value in values)
        {
            string text = System.Text.Encoding.UTF8.GetString(value);
            var hashes = text.All(char.IsAscii) ? AsciiHashes(text, seenShortTerms) : AllHashes(text);
            foreach (ulong hash in hashes)
            {
                if (recent[hash % 2048] != hash)
                {
                    recent[hash % 2048] = hash;
                    kept.Add(hash);
                }
            }
        }

        return kept;
    }

    private static List<ulong> AllHashes(string text)
    {
        var hashes = new List<ulong>();
        foreach (ulong hash in TermTokenizer.EnumerateTermHashes(text))
        {
            hashes.Add(hash);
        }

        return hashes;
    }

    private static List<ulong> AsciiHashes(string text, ulong[] seenShortTerms)
    {
        int padded = (text.Length + 63) / 64 * 64;
        var hashes = new List<ulong>();
        int start = 0;
        while (start < text.Length)
        {
            if (!IsTermChar(text[start]))
            {
                start++;
                continue;
            }

            int end = start;
            while (end < text.Length && IsTermChar(text[end]))
            {
                end++;
            }

            string term = text[start..end];
            if (term.Length <= 8 && start + 8 <= padded)
            {
                var bytes = new byte[8];
                System.Text.Encoding.ASCII.GetBytes(term.ToLowerInvariant(), bytes);
                ulong key = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
                ulong slot = (key * 0x9E3779B97F4A7C15UL) >> 52;
                if (seenShortTerms[slot] != key)
                {
                    seenShortTerms[slot] = key;
                    hashes.Add(Hash64.HashOrdinalIgnoreCase(term));
                }
            }
            else
            {
                hashes.Add(Hash64.HashOrdinalIgnoreCase(term));
            }

            start = end;
        }

        return hashes;
    }

    private static bool IsTermChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
