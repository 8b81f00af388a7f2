using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using Metronome.Core.Events;
using Metronome.Storage.Encoding;

namespace Metronome.Storage.Segments;

/// <summary>
/// One column of one block as the aggregation path reads it: the presence bitmap (none when every row
/// has a value) with a running count per 64-bit word, and the values of the present rows stored densely
/// (the i-th value belongs to the i-th present row), decoded on first use. Nothing is spread out per row,
/// so a sparse column costs in proportion to its values. Arrays come from the shared pools and go back in
/// <see cref="Release"/>. Text stored as the ends of another column's values (<see cref="ColumnChunk.SuffixOf"/>)
/// is read as slices of that column's text, taken from the block's other columns when given, so a block's
/// _raw is decoded once for itself and its message.
/// </summary>
internal sealed class BlockColumn
{
    private readonly Segment _segment;
    private readonly BlockDescriptor _block;
    private readonly BlockColumns? _siblings;
    private readonly ColumnChunk? _chunk;
    private ulong[]? _bits;
    private int[]? _ranks;
    private bool _presenceRead;
    private long[]? _longs;
    private double[]? _doubles;
    private bool[]? _bools;
    private BlockText? _text;
    private BlockColumn? _ownSource;
    private string?[]? _strings;

    /// <param name="siblings">The block's columns, where a text column stored as the ends of another finds
    /// that one; without them it reads its own copy.</param>
    public BlockColumn(Segment segment, BlockDescriptor block, int column, BlockColumns? siblings = null)
    {
        _segment = segment;
        _block = block;
        _siblings = siblings;
        _chunk = segment.ChunkOf(block, column);
        Column = column;
        Encoding = segment.Columns[column].Encoding;
        Rows = block.Rows;
        PresentRows = _chunk?.PresentRows ?? 0;
        AllPresent = PresentRows == Rows && _chunk is not null;
        NonePresent = PresentRows == 0;
    }

    public Segment Segment => _segment;

    public int Column { get; }

    public ColumnEncoding Encoding { get; }

    public int Rows { get; }

    public int PresentRows { get; }

    public ColumnChunk? Chunk => _chunk;

    public bool AllPresent { get; }

    public bool NonePresent { get; }

    /// <summary>Presence words (bit r of word r/64 for row r); only for partly present columns.</summary>
    public ulong[] Bits
    {
        get
        {
            if (!_presenceRead)
            {
                ReadPresence();
            }

            return _bits!;
        }
    }

    /// <summary>Integer values or dictionary codes of the present rows; for text stored as the ends of
    /// another column's values, where each starts within it.</summary>
    public long[] Longs => _longs ??= DecodeLongs();

    public double[] Doubles => _doubles ??= DecodeDoubles();

    public bool[] Bools => _bools ??= DecodeBools();

    /// <summary>The index of <paramref name="row"/>'s value among the present values; -1 when absent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int DenseIndex(int row)
    {
        if (AllPresent)
        {
            return row;
        }

        if (NonePresent)
        {
            return -1;
        }

        if (!_presenceRead)
        {
            ReadPresence();
        }

        ulong word = _bits![row >> 6];
        ulong below = word & ((1UL << (row & 63)) - 1);
        return ((word >> (row & 63)) & 1) == 0 ? -1 : _ranks![row >> 6] + BitOperations.PopCount(below);
    }

    public bool IsPresent(int row) => AllPresent || (!NonePresent && ((Bits[row >> 6] >> (row & 63)) & 1) != 0);

    /// <summary>The values of a plain text column.</summary>
    public BlockText Text => _text ??= ReadText();

    /// <summary>The UTF-8 bytes of a plain string value.</summary>
    public ReadOnlySpan<byte> Utf8(int dense) => Text.Utf8(dense);

    /// <summary>A plain string value.</summary>
    public string String(int dense)
    {
        _strings ??= new string?[PresentRows];
        return _strings[dense] ??= Text.String(dense);
    }

    /// <summary>Writes the rows that have a value, in order, into the first <see cref="PresentRows"/> of
    /// <paramref name="rows"/>.</summary>
    public void PresentRowsInOrder(Span<int> rows)
    {
        if (AllPresent)
        {
            for (int r = 0; r < Rows; r++)
            {
                rows[r] = r;
            }

            return;
        }

        if (NonePresent)
        {
            return;
        }

        var bits = Bits;
        int n = 0;
        for (int w = 0; w < (Rows + 63) >> 6; w++)
        {
            for (ulong word = bits[w]; word != 0; word &= word - 1)
            {
                rows[n++] = (w << 6) + BitOperations.TrailingZeroCount(word);
            }
        }
    }

    /// <summary>The value at a dense index, as the row path would see it.</summary>
    public FieldValue Value(int dense) => Encoding switch
    {
        ColumnEncoding.Integer => Longs[dense],
        ColumnEncoding.Double => Doubles[dense],
        ColumnEncoding.Bool => Bools[dense],
        ColumnEncoding.Dictionary => _segment.Dictionary(Column)[Longs[dense]],
        _ => String(dense),
    };

    public void Release()
    {
        PooledArrays.ReturnIfRented(ref _bits);
        PooledArrays.ReturnIfRented(ref _ranks);
        PooledArrays.ReturnIfRented(ref _longs);
        PooledArrays.ReturnIfRented(ref _doubles);
        PooledArrays.ReturnIfRented(ref _bools);
        _text?.Release();
        _text = null;
        _ownSource?.Release();
        _ownSource = null;
        _strings = null;
    }

    private void ReadPresence()
    {
        if (_presenceRead)
        {
            return;
        }

        _presenceRead = true;
        if (AllPresent || NonePresent)
        {
            return;
        }

        int words = (Rows + 63) >> 6;
        _bits = ArrayPool<ulong>.Shared.Rent(words);
        _ranks = ArrayPool<int>.Shared.Rent(words + 1);
        var bits = _bits.AsSpan(0, words);
        bits.Clear();
        byte[] data = _segment.ReadChunkPooled(_chunk!.Presence);
        try
        {
            int bytes = Math.Min(_chunk.Presence.Length, words * 8);
            data.AsSpan(0, bytes).CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(bits));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(data);
        }

        if (!BitConverter.IsLittleEndian)
        {
            System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(bits, bits);
        }

        // Bits past the last row are not rows.
        if ((Rows & 63) != 0)
        {
            bits[words - 1] &= (1UL << (Rows & 63)) - 1;
        }

        int running = 0;
        for (int w = 0; w < words; w++)
        {
            _ranks[w] = running;
            running += BitOperations.PopCount(bits[w]);
        }

        _ranks[words] = running;
        if (running != PresentRows)
        {
            throw new CorruptDataException($"segment {_segment.Info.File}: a presence bitmap marks {running} rows, the footer says {PresentRows}");
        }
    }

    private long[] DecodeLongs()
    {
        var values = ArrayPool<long>.Shared.Rent(Math.Max(1, PresentRows));
        if (PresentRows > 0)
        {
            byte[] data = _segment.ReadChunkPooled(_chunk!.Values);
            try
            {
                CheckCount(IntegerCodec.Decode(data.AsSpan(0, _chunk.Values.Length), values));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(data);
            }
        }

        return values;
    }

    private double[] DecodeDoubles()
    {
        var values = ArrayPool<double>.Shared.Rent(Math.Max(1, PresentRows));
        if (PresentRows > 0)
        {
            byte[] data = _segment.ReadChunkPooled(_chunk!.Values);
            try
            {
                CheckCount(DoubleCodec.Decode(data.AsSpan(0, _chunk.Values.Length), values));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(data);
            }
        }

        return values;
    }

    private bool[] DecodeBools()
    {
        var values = ArrayPool<bool>.Shared.Rent(Math.Max(1, PresentRows));
        int count = PresentRows;
        if (count > 0)
        {
            byte[] data = _segment.ReadChunkPooled(_chunk!.Values);
            try
            {
                if (_chunk.Values.Length < (count + 7) / 8)
                {
                    throw new CorruptDataException($"segment {_segment.Info.File}: a bool chunk is too short");
                }

                for (int i = 0; i < count; i++)
                {
                    values[i] = (data[i >> 3] & (1 << (i & 7))) != 0;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(data);
            }
        }

        return values;
    }

    private void CheckCount(int count)
    {
        if (count != PresentRows)
        {
            throw new CorruptDataException($"segment {_segment.Info.File}: a chunk holds {count} values, the footer says {PresentRows}");
        }
    }

    private BlockText ReadText()
    {
        if (_chunk is { SuffixOf: >= 0 } suffixes)
        {
            var source = _siblings?[suffixes.SuffixOf] ?? (_ownSource ??= new BlockColumn(_segment, _block, suffixes.SuffixOf));
            return SuffixText.Read(this, source);
        }

        var plain = Utf8Chunk.Read(_segment, _chunk!.Values);
        if (plain.Count != PresentRows)
        {
            plain.Release();
            throw new CorruptDataException($"segment {_segment.Info.File}: a string chunk holds {plain.Count} values, the footer says {PresentRows}");
        }

        return plain;
    }
}
