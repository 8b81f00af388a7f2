using System.Buffers;
using Metronome.Storage.Encoding;

namespace Metronome.Storage.Segments;

/// <summary>
/// The values of one string chunk (<see cref="StringBlockCodec"/>: a block's plain values or a column's
/// dictionary) as UTF-8 bytes, so they are read without making a string per value. The bytes and
/// offsets are rented: <see cref="Release"/> returns them.
/// </summary>
internal sealed class Utf8Chunk : BlockText
{
    private byte[] _data;
    private int[] _offsets;
    private readonly int _start;

    private Utf8Chunk(byte[] data, int start, int[] offsets, int count)
    {
        _data = data;
        _start = start;
        _offsets = offsets;
        Count = count;
    }

    public override int Count { get; }

    /// <summary>Reads a chunk (checking its CRC-32C) and the layout of its values.</summary>
    public static Utf8Chunk Read(Segment segment, ChunkRef chunk)
    {
        byte[] data = segment.ReadChunkPooled(chunk);
        int[]? offsets = null;
        try
        {
            var encoded = data.AsSpan(0, chunk.Length);
            offsets = ArrayPool<int>.Shared.Rent(StringBlockCodec.ReadCount(encoded) + 1);
            var reader = new StringBlockReader(encoded, offsets);
            return new Utf8Chunk(data, chunk.Length - reader.ByteLength, offsets, reader.Count);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(data);
            if (offsets is not null)
            {
                ArrayPool<int>.Shared.Return(offsets);
            }

            throw;
        }
    }

    /// <summary>Value <paramref name="index"/>; an index past the values (a dictionary code no entry
    /// has) is corruption.</summary>
    public override ReadOnlySpan<byte> Utf8(long index)
    {
        if ((ulong)index >= (ulong)Count)
        {
            throw new CorruptDataException($"A string chunk of {Count} values has no value {index}.");
        }

        int start = _offsets[index], end = _offsets[index + 1];
        return _data.AsSpan(_start + start, end - start);
    }

    public override void Release()
    {
        PooledArrays.Return(ref _data);
        PooledArrays.Return(ref _offsets);
    }
}
