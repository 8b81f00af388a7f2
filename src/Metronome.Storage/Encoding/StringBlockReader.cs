using System.Buffers;
using System.Text;

namespace Metronome.Storage.Encoding;

/// <summary>
/// Random access to the values of a <see cref="StringBlockCodec"/> block as UTF-8 bytes, so scans
/// can match bytes without creating strings. Construction validates the whole layout (lengths sum
/// exactly to the bytes present), after which every <see cref="GetUtf8"/> is safe.
/// </summary>
public readonly ref struct StringBlockReader
{
    private readonly ReadOnlySpan<byte> _bytes;
    private readonly ReadOnlySpan<int> _offsets;

    /// <summary>Reads a block, allocating one offset array of Count + 1 ints.</summary>
    public StringBlockReader(ReadOnlySpan<byte> encoded)
        : this(encoded, new int[IntegerCodec.ReadCount(encoded) + 1])
    {
    }

    /// <summary>
    /// Reads a block using caller-provided room for the offsets (at least Count + 1 ints, see
    /// <see cref="StringBlockCodec.ReadCount"/>), so a scan can reuse one buffer for every block.
    /// </summary>
    public StringBlockReader(ReadOnlySpan<byte> encoded, Span<int> offsetBuffer)
    {
        int count = IntegerCodec.ReadCount(encoded);
        if (offsetBuffer.Length < count + 1)
        {
            throw new ArgumentException($"The offset buffer needs {count + 1} entries.", nameof(offsetBuffer));
        }

        long[] lengthArray = ArrayPool<long>.Shared.Rent(Math.Max(count, 1));
        try
        {
            IntegerCodec.Decode(encoded, lengthArray, out int lengthsSize);
            ReadOnlySpan<byte> bytes = encoded[lengthsSize..];
            Span<int> offsets = offsetBuffer[..(count + 1)];
            long position = 0;
            offsets[0] = 0;
            for (int i = 0; i < count; i++)
            {
                long length = lengthArray[i];
                if (length < 0 || length > bytes.Length - position)
                {
                    throw new CorruptDataException($"String {i} has length {length}, beyond the {bytes.Length} bytes of the block.");
                }

                position += length;
                offsets[i + 1] = (int)position;
            }

            if (position != bytes.Length)
            {
                throw new CorruptDataException($"A string block has {bytes.Length - position} bytes not covered by its lengths.");
            }

            _bytes = bytes;
            _offsets = offsets;
        }
        finally
        {
            ArrayPool<long>.Shared.Return(lengthArray);
        }
    }

    public int Count => _offsets.Length - 1;

    /// <summary>Total UTF-8 bytes of all values.</summary>
    public int ByteLength => _bytes.Length;

    public ReadOnlySpan<byte> GetUtf8(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The block holds {Count} values.");
        }

        return _bytes[_offsets[index].._offsets[index + 1]];
    }

    /// <summary>Value <paramref name="index"/> as a string; invalid UTF-8 is corruption.</summary>
    public string GetString(int index)
    {
        try
        {
            return StringBlockCodec.StrictUtf8.GetString(GetUtf8(index));
        }
        catch (DecoderFallbackException exception)
        {
            throw new CorruptDataException($"String {index} is not valid UTF-8.", exception);
        }
    }
}
