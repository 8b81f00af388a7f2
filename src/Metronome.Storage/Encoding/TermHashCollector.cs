using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Metronome.Storage.Encoding;

/// <summary>
/// Gathers the hashes of the terms of UTF-8 values (the index writer's path: sealed values are bytes), each
/// equal to a hash <see cref="TermTokenizer.EnumerateTermHashes"/> gives for the decoded text, into an array
/// rented from <see cref="ArrayPool{T}.Shared"/>. ASCII values, nearly every log line, are cut and hashed from
/// their bytes (<see cref="AsciiTermScan"/>); any other value is decoded and goes through the general tokenizer.
/// <para>
/// With tables (a chunk's term index needs each distinct hash once, not every term's), two kinds of repeats
/// are dropped. An ASCII term of up to 8 bytes found in the table of short terms seen is left out, since its
/// hash was kept when it was put there: most terms of log lines are short and repeat (keys, methods, hosts,
/// small numbers), and one multiplication and comparison finds them. And a hash among the recent ones is not
/// kept again: most terms of a log line are on the lines before it too. Which hashes are kept, in which order,
/// is part of the index format (see <see cref="UnseenShortTerms"/>).
/// </para>
/// </summary>
internal ref struct TermHashCollector
{
    /// <summary>Slots of the table of short terms seen (direct-mapped, 32 KiB).</summary>
    public const int SeenShortTermSlots = 1 << SeenShortTermBits;

    /// <summary>Slots of the table of recently kept hashes (direct-mapped, 16 KiB).</summary>
    public const int RecentHashSlots = 2048;

    /// <summary>Values up to this long use the line buffers first rented; longer ones rent bigger ones.</summary>
    private const int InitialLineBytes = 1024;

    private const int SeenShortTermBits = 12;
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    private readonly Span<ulong> _seenShortTerms;
    private readonly Span<ulong> _recentHashes;
    private byte[] _lower;
    private ulong[] _terms;
    private ulong[] _hashes;
    private int _count;

    /// <summary>A collector that keeps every term's hash.</summary>
    public TermHashCollector(int capacity)
        : this(capacity, default, default)
    {
    }

    /// <summary>A collector that drops repeats with the given tables (each empty, or of its size), which it
    /// clears.</summary>
    public TermHashCollector(int capacity, Span<ulong> seenShortTerms, Span<ulong> recentHashes)
    {
        if ((!seenShortTerms.IsEmpty && seenShortTerms.Length != SeenShortTermSlots)
            || (!recentHashes.IsEmpty && recentHashes.Length != RecentHashSlots))
        {
            throw new ArgumentException("A table of repeats has the wrong size.");
        }

        _seenShortTerms = seenShortTerms;
        _recentHashes = recentHashes;
        seenShortTerms.Clear();
        ForgetRecent(recentHashes);
        _lower = ArrayPool<byte>.Shared.Rent(AsciiTermScan.LowerLength(InitialLineBytes));
        _terms = ArrayPool<ulong>.Shared.Rent(AsciiTermScan.TermsLength(InitialLineBytes));
        _hashes = ArrayPool<ulong>.Shared.Rent(Math.Max(16, capacity));
    }

    /// <summary>The hashes kept so far, in the order their terms came.</summary>
    public readonly ReadOnlySpan<ulong> Hashes => _hashes.AsSpan(0, _count);

    /// <summary>Gathers the hashes of the terms of <paramref name="utf8"/>.</summary>
    public void Add(ReadOnlySpan<byte> utf8)
    {
        if (AsciiTermScan.LowerLength(utf8.Length) > _lower.Length)
        {
            RentLineBuffers(utf8.Length);
        }

        int terms;
        if (_seenShortTerms.IsEmpty)
        {
            var everyTerm = default(EveryTerm);
            terms = AsciiTermScan.FindTerms(utf8, _lower, _terms, ref everyTerm);
        }
        else
        {
            var unseen = new UnseenShortTerms(_seenShortTerms, AsciiTermScan.PaddedLength(utf8.Length));
            terms = AsciiTermScan.FindTerms(utf8, _lower, _terms, ref unseen);
        }

        if (terms < 0)
        {
            AddDecoded(utf8);
            return;
        }

        // Room for each term's hash and one more, which is written before it is known whether it is kept.
        EnsureRoom(terms + 1);
        ref byte lower = ref MemoryMarshal.GetArrayDataReference(_lower);
        ref ulong term = ref MemoryMarshal.GetArrayDataReference(_terms);
        ref ulong recent = ref MemoryMarshal.GetReference(_recentHashes);
        bool dropRecent = !_recentHashes.IsEmpty;
        ulong[] hashes = _hashes;
        int count = _count;
        for (int i = 0; i < terms; i++)
        {
            ulong next = Unsafe.Add(ref term, i);
            ulong hash = HashOf(ref Unsafe.Add(ref lower, AsciiTermScan.StartOf(next)), AsciiTermScan.LengthOf(next));
            count = Keep(hash, hashes, count, ref recent, dropRecent);
        }

        _count = count;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_lower);
        ArrayPool<ulong>.Shared.Return(_terms);
        ArrayPool<ulong>.Shared.Return(_hashes);
        _lower = [];
        _terms = [];
        _hashes = [];
        _count = 0;
    }

    /// <summary>The <paramref name="length"/> (1 to 8; past 8 any number) bytes at <paramref name="term"/> as a
    /// number (8 bytes can be read there): term bytes are never 0, so the bytes past its end, zeroed, tell every
    /// term apart, and no term is 0, an empty slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ReadTerm(ref byte term, int length) =>
        BinaryPrimitives.ReadUInt64LittleEndian(MemoryMarshal.CreateReadOnlySpan(ref term, sizeof(ulong))) & (ulong.MaxValue >> (64 - (8 * length)));

    /// <summary>The hash a term of lower-cased ASCII at <paramref name="term"/> has as chars (ASCII is its own
    /// UTF-8), taking a term of up to 16 bytes from registers; 8 bytes past the term can be read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong HashOf(ref byte term, int length) =>
        length <= sizeof(ulong) ? Hash64.Hash(ReadTerm(ref term, length), 0, length)
        : length <= 2 * sizeof(ulong) ? Hash64.Hash(ReadTerm(ref term, sizeof(ulong)), ReadTerm(ref Unsafe.Add(ref term, sizeof(ulong)), length - sizeof(ulong)), length)
        : Hash64.Hash(MemoryMarshal.CreateReadOnlySpan(ref term, length));

    /// <summary>Writes <paramref name="hash"/> at <paramref name="count"/> of <paramref name="hashes"/> and returns
    /// the count after keeping it, which it is unless <paramref name="dropRecent"/> and it is among the recent
    /// hashes (which it joins otherwise). Written before that is known, without a branch on it: the caller
    /// has made room for one more hash than it keeps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Keep(ulong hash, ulong[] hashes, int count, ref ulong recent, bool dropRecent)
    {
        hashes[count] = hash;
        if (!dropRecent)
        {
            return count + 1;
        }

        ref ulong slot = ref Unsafe.Add(ref recent, (nint)(hash & (RecentHashSlots - 1)));
        int kept = count + (slot == hash ? 0 : 1);
        slot = hash;
        return kept;
    }

    private void AddDecoded(ReadOnlySpan<byte> utf8)
    {
        char[] chars = ArrayPool<char>.Shared.Rent(utf8.Length);
        try
        {
            int length = System.Text.Encoding.UTF8.GetChars(utf8, chars);
            EnsureRoom((length / 2) + 2);
            ref ulong recent = ref MemoryMarshal.GetReference(_recentHashes);
            foreach (ulong hash in TermTokenizer.EnumerateTermHashes(chars.AsSpan(0, length)))
            {
                _count = Keep(hash, _hashes, _count, ref recent, !_recentHashes.IsEmpty);
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private void EnsureRoom(int hashes)
    {
        if (_count + hashes > _hashes.Length)
        {
            var bigger = ArrayPool<ulong>.Shared.Rent(Math.Max(_count + hashes, _hashes.Length * 2));
            Hashes.CopyTo(bigger);
            ArrayPool<ulong>.Shared.Return(_hashes);
            _hashes = bigger;
        }
    }

    private void RentLineBuffers(int length)
    {
        ArrayPool<byte>.Shared.Return(_lower);
        ArrayPool<ulong>.Shared.Return(_terms);
        _lower = ArrayPool<byte>.Shared.Rent(AsciiTermScan.LowerLength(length));
        _terms = ArrayPool<ulong>.Shared.Rent(AsciiTermScan.TermsLength(length));
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

    /// <summary>
    /// Lets through the terms of a line but those of up to 8 bytes that the table of short terms seen holds,
    /// putting the others there. The table holds terms that start 8 bytes or more before the end of their
    /// value's padded copy, and only those, as it always has: which hashes are kept is the sequence the
    /// distinct-count sketch sees, and whether its exact form overflows into registers (which changes the
    /// estimate that sizes the filter) depends on that sequence, not only on the distinct hashes.
    /// </summary>
    private readonly ref struct UnseenShortTerms(Span<ulong> seenShortTerms, int padded) : ITermFilter
    {
        private readonly ref ulong _seen = ref MemoryMarshal.GetReference(seenShortTerms);
        private readonly int _lastTableStart = padded - sizeof(ulong);

        public bool Lists(ref byte lower, int start, int length)
        {
            if (length > sizeof(ulong) || start > _lastTableStart)
            {
                return true;
            }

            ulong bytes = ReadTerm(ref Unsafe.Add(ref lower, start), length);
            ref ulong slot = ref Unsafe.Add(ref _seen, (nint)((bytes * Golden) >> (64 - SeenShortTermBits)));
            if (slot == bytes)
            {
                return false;
            }

            slot = bytes;
            return true;
        }
    }
}
