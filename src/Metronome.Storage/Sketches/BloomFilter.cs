using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Metronome.Storage.Encoding;

namespace Metronome.Storage.Sketches;

/// <summary>
/// A split-block bloom filter (Putze, Sanders and Singler's blocked design as specified for Apache
/// Parquet): the upper 32 bits of a hash pick one 256-bit block (half a cache line), the lower 32
/// bits set one bit in each of the block's eight 32-bit words. A lookup touches one block, and with
/// AVX2 is one multiply, one shift and one test. Callers add <see cref="Hash64"/> hashes.
/// <code>
/// byte 0     header: payload 1 (split-block, version 1), bit 7 even parity
/// varint     block count
/// blocks     block count * 8 words, each a little-endian uint32
/// </code>
/// </summary>
public sealed class BloomFilter
{
    /// <summary>Upper bound on the filter size (128 MiB), so a corrupt block count cannot exhaust memory.</summary>
    public const int MaxBlocks = 1 << 22;

    private const int WordsPerBlock = 8;
    private const int BytesPerBlock = WordsPerBlock * sizeof(uint);
    private const int BitsPerBlock = BytesPerBlock * 8;
    private const int HeaderPayload = 1;

    // Odd multipliers from the Parquet specification; each word's bit comes from (key * salt) >> 27.
    private static readonly uint[] Salts =
    [
        0x47b6137bU, 0x44974d91U, 0x8824ad5bU, 0xa2b7289dU, 0x705495c7U, 0x2df1424bU, 0x9efc4947U, 0x5c6bfb31U,
    ];

    private static readonly Vector256<uint> SaltVector = Vector256.Create(Salts.AsSpan());

    private readonly uint[] _words;

    private BloomFilter(int blockCount)
    {
        _words = new uint[blockCount * WordsPerBlock];
    }

    private BloomFilter(uint[] words)
    {
        _words = words;
    }

    public int BlockCount => _words.Length / WordsPerBlock;

    public int SizeInBytes => _words.Length * sizeof(uint);

    /// <summary>
    /// A filter sized so that after <paramref name="expectedItems"/> distinct additions a lookup of
    /// an absent item answers "maybe" with at most <paramref name="falsePositiveRate"/> probability
    /// (see <see cref="ExpectedFalsePositiveRate"/>).
    /// </summary>
    public static BloomFilter Create(int expectedItems, double falsePositiveRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedItems);
        if (!(falsePositiveRate > 0 && falsePositiveRate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(falsePositiveRate), falsePositiveRate, "The false-positive rate must be in (0, 1).");
        }

        // The textbook bound m = -8n / ln(1 - p^(1/8)) assumes every block holds the average load and
        // undersizes by about a third; search for the smallest block count the exact model accepts.
        double items = Math.Max(expectedItems, 1);
        double bits = -8.0 * items / Math.Log(1 - Math.Pow(falsePositiveRate, 1.0 / 8));
        long low = (long)Math.Clamp(Math.Ceiling(bits / BitsPerBlock), 1, MaxBlocks);
        long high = Math.Min(MaxBlocks, low * 4);
        while (low < high)
        {
            long middle = (low + high) / 2;
            if (ExpectedFalsePositiveRate(expectedItems, (int)middle) <= falsePositiveRate)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return new BloomFilter((int)low);
    }

    /// <summary>
    /// The false-positive probability of a filter of <paramref name="blockCount"/> blocks holding
    /// <paramref name="items"/> distinct items: block loads are Poisson with mean items / blocks, and
    /// a block holding k items has each of its eight words' probe bit set with probability
    /// 1 - (31/32)^k.
    /// </summary>
    public static double ExpectedFalsePositiveRate(long items, int blockCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(items);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockCount, 1);
        double mean = (double)items / blockCount;
        int maxLoad = (int)Math.Ceiling(mean + (12 * Math.Sqrt(mean)) + 20);
        double probability = Math.Exp(-mean);
        double rate = 0;
        for (int load = 0; load <= maxLoad; load++)
        {
            if (load > 0)
            {
                probability *= mean / load;
            }

            rate += probability * Math.Pow(1 - Math.Pow(31.0 / 32, load), WordsPerBlock);
        }

        return rate;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ulong hash)
    {
        ref uint block = ref BlockOf(hash);
        uint key = (uint)hash;
        if (Avx2.IsSupported)
        {
            Vector256<uint> bits = Avx2.ShiftLeftLogicalVariable(Vector256<uint>.One, (Vector256.Create(key) * SaltVector) >> 27);
            Vector256.StoreUnsafe(Vector256.LoadUnsafe(ref block) | bits, ref block);
            return;
        }

        for (int i = 0; i < WordsPerBlock; i++)
        {
            Unsafe.Add(ref block, i) |= 1U << (int)((key * Salts[i]) >> 27);
        }
    }

    /// <summary>Adds every hash of <paramref name="hashes"/>, as <see cref="Add"/> one by one does.</summary>
    public void AddAll(ReadOnlySpan<ulong> hashes)
    {
        foreach (ulong hash in hashes)
        {
            Add(hash);
        }
    }

    /// <summary>False means certainly never added; true means probably added.</summary>
    public bool MayContain(ulong hash)
    {
        ref uint block = ref BlockOf(hash);
        uint key = (uint)hash;
        if (Avx2.IsSupported)
        {
            Vector256<uint> bits = Avx2.ShiftLeftLogicalVariable(Vector256<uint>.One, (Vector256.Create(key) * SaltVector) >> 27);
            return Avx.TestC(Vector256.LoadUnsafe(ref block), bits);
        }

        for (int i = 0; i < WordsPerBlock; i++)
        {
            uint bit = 1U << (int)((key * Salts[i]) >> 27);
            if ((Unsafe.Add(ref block, i) & bit) == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Adds every item of <paramref name="other"/>, which must have the same size.</summary>
    public void UnionWith(BloomFilter other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._words.Length != _words.Length)
        {
            throw new ArgumentException("Only filters with the same number of blocks can be combined.", nameof(other));
        }

        for (int i = 0; i < _words.Length; i++)
        {
            _words[i] |= other._words[i];
        }
    }

    public void WriteTo(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Span<byte> span = output.GetSpan(1 + Varint.MaxLength + SizeInBytes);
        span[0] = HeaderByte.Seal(HeaderPayload);
        int position = 1 + Varint.Write(span[1..], (ulong)BlockCount);
        Span<byte> body = span.Slice(position, SizeInBytes);
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(_words.AsSpan()).CopyTo(body);
        }
        else
        {
            for (int i = 0; i < _words.Length; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(body[(i * sizeof(uint))..], _words[i]);
            }
        }

        output.Advance(position + SizeInBytes);
    }

    /// <summary>Reads a filter that spans all of <paramref name="encoded"/>.</summary>
    public static BloomFilter Read(ReadOnlySpan<byte> encoded)
    {
        if (encoded.IsEmpty)
        {
            throw new CorruptDataException("A bloom filter is empty.");
        }

        if (HeaderByte.Open(encoded[0], "bloom filter") != HeaderPayload)
        {
            throw new CorruptDataException($"Unknown bloom filter header 0x{encoded[0]:X2}.");
        }

        int offset = 1;
        int blockCount = Varint.ReadLength(encoded, ref offset, MaxBlocks, "bloom filter block count");
        if (blockCount == 0 || encoded.Length - offset != blockCount * BytesPerBlock)
        {
            throw new CorruptDataException($"A bloom filter of {blockCount} blocks cannot have {encoded.Length - offset} bytes.");
        }

        uint[] words = new uint[blockCount * WordsPerBlock];
        ReadOnlySpan<byte> body = encoded[offset..];
        for (int i = 0; i < words.Length; i++)
        {
            words[i] = BinaryPrimitives.ReadUInt32LittleEndian(body[(i * sizeof(uint))..]);
        }

        return new BloomFilter(words);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref uint BlockOf(ulong hash)
    {
        // Multiply-shift maps the high 32 bits onto [0, blocks) without a division.
        int blockIndex = (int)(((hash >> 32) * (ulong)(uint)BlockCount) >> 32);
        return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_words), blockIndex * WordsPerBlock);
    }
}
