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
        Encode(new Strings(values), output);
    }

    /// <summary><see cref="Encode(IReadOnlyList{string}, IBufferWriter{byte})"/> for values that are UTF-8
    /// already: their bytes are copied as they are.</summary>
    internal static void EncodeUtf8<TValues>(in TValues values, IBufferWriter<byte> output)
        where TValues : struct, IUtf8Values =>
        Encode(new Utf8<TValues>(values), output);

    /// <summary>The block layout for either kind of values: their byte lengths, then their bytes.</summary>
    private static void Encode<TValues>(in TValues values, IBufferWriter<byte> output)
        where TValues : struct, IBlockValues
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
                lengths[i] = values.ByteCount(i);
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
                position += values.CopyTo(i, destination[position..]);
            }

            output.Advance(position);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(lengthArray);
        }
    }

    private interface IBlockValues
    {
        int Count { get; }

        int ByteCount(int index);

        /// <returns>The bytes written.</returns>
        int CopyTo(int index, Span<byte> destination);
    }

    private readonly struct Strings(IReadOnlyList<string> values) : IBlockValues
    {
        public int Count => values.Count;

        public int ByteCount(int index) => System.Text.Encoding.UTF8.GetByteCount(
            values[index] ?? throw new ArgumentException($"The string at index {index} is null.", nameof(values)));

        public int CopyTo(int index, Span<byte> destination) => System.Text.Encoding.UTF8.GetBytes(values[index], destination);
    }

    private readonly struct Utf8<TValues>(TValues values) : IBlockValues
        where TValues : struct, IUtf8Values
    {
        public int Count => values.Count;

        public int ByteCount(int index) => values[index].Length;

        public int CopyTo(int index, Span<byte> destination)
        {
            var value = values[index];
            value.CopyTo(destination);
            return value.Length;
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
