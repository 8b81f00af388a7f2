using System.Buffers;
using System.Text;

namespace Metronome.Storage.Encoding;

/// <summary>
/// Encodes a block of strings as their UTF-8 byte lengths (an <see cref="IntegerCodec"/> block,
/// which packs fixed-width values such as ids or hashes into a constant) followed by the
/// concatenated UTF-8 bytes. Scans read values as bytes through <see cref="StringBlockReader"/>.
/// Lone surrogates cannot be represented in UTF-8 and come back as U+FFFD.
/// </summary>
public static class StringBlockCodec
{
    /// <summary>Rejects invalid UTF-8 on the way back in instead of inventing replacement characters.</summary>
    internal static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void Encode(IReadOnlyList<string> values, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(output);
        int count = values.Count;
        long[] lengthArray = ArrayPool<long>.Shared.Rent(Math.Max(count, 1));
        try
        {
            Span<long> lengths = lengthArray.AsSpan(0, count);
            long totalBytes = 0;
            for (int i = 0; i < count; i++)
            {
                string value = values[i] ?? throw new ArgumentException($"The string at index {i} is null.", nameof(values));
                lengths[i] = System.Text.Encoding.UTF8.GetByteCount(value);
                totalBytes += lengths[i];
            }

            if (totalBytes > int.MaxValue)
            {
                throw new ArgumentException("A string block holds at most 2 GiB of UTF-8.", nameof(values));
            }

            IntegerCodec.Encode(lengths, output);
            Span<byte> destination = output.GetSpan((int)Math.Max(totalBytes, 1));
            int position = 0;
            for (int i = 0; i < count; i++)
            {
                position += System.Text.Encoding.UTF8.GetBytes(values[i], destination[position..]);
            }

            output.Advance(position);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(lengthArray);
        }
    }

    /// <summary><see cref="Encode(IReadOnlyList{string}, IBufferWriter{byte})"/> for values that are UTF-8
    /// already: their bytes are copied as they are.</summary>
    internal static void EncodeUtf8<TValues>(in TValues values, IBufferWriter<byte> output)
        where TValues : struct, IUtf8Values
    {
        ArgumentNullException.ThrowIfNull(output);
        int count = values.Count;
        long[] lengthArray = ArrayPool<long>.Shared.Rent(Math.Max(count, 1));
        try
        {
            Span<long> lengths = lengthArray.AsSpan(0, count);
            long totalBytes = 0;
            for (int i = 0; i < count; i++)
            {
                lengths[i] = values[i].Length;
                totalBytes += lengths[i];
            }

            if (totalBytes > int.MaxValue)
            {
                throw new ArgumentException("A string block holds at most 2 GiB of UTF-8.", nameof(values));
            }

            IntegerCodec.Encode(lengths, output);
            Span<byte> destination = output.GetSpan((int)Math.Max(totalBytes, 1));
            int position = 0;
            for (int i = 0; i < count; i++)
            {
                var value = values[i];
                value.CopyTo(destination[position..]);
                position += value.Length;
            }

            output.Advance(position);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(lengthArray);
        }
    }

    public static int ReadCount(ReadOnlySpan<byte> encoded) => IntegerCodec.ReadCount(encoded);

    public static string[] Decode(ReadOnlySpan<byte> encoded)
    {
        var reader = new StringBlockReader(encoded);
        string[] values = new string[reader.Count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = reader.GetString(i);
        }

        return values;
    }
}
