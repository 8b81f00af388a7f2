using Metronome.Core.Events.Batches;

namespace Metronome.Storage.Wal;

/// <summary>
/// One log record holds one group commit: every entry appended while the previous fsync ran. Each entry
/// is framed as a varint length and its bytes: in version 2 files a kind byte (0: an encoded batch follows;
/// 1: a wire form: varint codec name length, the name, varint context length, the context, the body),
/// in version 1 files just the encoded batch. Because a group is written only after the previous one was
/// synced, a damaged record followed by a valid one can only be real corruption, never a torn write.
/// </summary>
internal static class WalPayload
{
    private const byte BatchKind = 0;
    private const byte WireKind = 1;

    public static int FramedLength(WalEntry entry)
    {
        int length = EntryLength(entry);
        return VarintLength((uint)length) + length;
    }

    public static int WriteFramed(Span<byte> destination, WalEntry entry)
    {
        int i = WriteVarint(destination, (uint)EntryLength(entry));
        if (entry.Codec is null)
        {
            destination[i++] = BatchKind;
        }
        else
        {
            destination[i++] = WireKind;
            i += WriteVarint(destination[i..], (uint)System.Text.Encoding.UTF8.GetByteCount(entry.Codec));
            i += System.Text.Encoding.UTF8.GetBytes(entry.Codec, destination[i..]);
            i += WriteVarint(destination[i..], (uint)entry.Context.Length);
            entry.Context.Span.CopyTo(destination[i..]);
            i += entry.Context.Length;
        }

        entry.Bytes.Span.CopyTo(destination[i..]);
        return i + entry.Bytes.Length;
    }

    public static void ForEachEntry(ReadOnlySpan<byte> payload, ushort version, long lsn, WalReplay visit)
    {
        int offset = 0;
        while (offset < payload.Length)
        {
            int length = (int)ReadVarint(payload, ref offset, "batch length");
            if (length > payload.Length - offset)
            {
                throw new InvalidDataException($"entry at byte {offset} runs past its log record");
            }

            var entry = payload.Slice(offset, length);
            offset += length;
            if (version == 1)
            {
                visit(lsn, new LoggedEntry(null, default, entry));
                continue;
            }

            if (entry.IsEmpty)
            {
                throw new InvalidDataException($"empty entry before byte {offset} of a log record");
            }

            int at = 1;
            switch (entry[0])
            {
                case BatchKind:
                    visit(lsn, new LoggedEntry(null, default, entry[1..]));
                    break;
                case WireKind:
                    var codec = Slice(entry, ref at, "codec name");
                    var context = Slice(entry, ref at, "wire context");
                    visit(lsn, new LoggedEntry(System.Text.Encoding.UTF8.GetString(codec), context, entry[at..]));
                    break;
                default:
                    throw new InvalidDataException($"unknown entry kind {entry[0]} in a log record");
            }
        }
    }

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> entry, ref int at, string what)
    {
        int length = (int)ReadVarint(entry, ref at, what + " length");
        if (length > entry.Length - at)
        {
            throw new InvalidDataException($"the {what} runs past its log entry");
        }

        var slice = entry.Slice(at, length);
        at += length;
        return slice;
    }

    private static int EntryLength(WalEntry entry)
    {
        if (entry.Codec is null)
        {
            return 1 + entry.Bytes.Length;
        }

        int name = System.Text.Encoding.UTF8.GetByteCount(entry.Codec);
        return 1 + VarintLength((uint)name) + name + VarintLength((uint)entry.Context.Length) + entry.Context.Length + entry.Bytes.Length;
    }

    private static uint ReadVarint(ReadOnlySpan<byte> data, ref int offset, string what)
    {
        ulong value;
        try
        {
            value = BatchPrimitives.ReadVarint(data, ref offset);
        }
        catch (InvalidDataException)
        {
            throw new InvalidDataException($"bad {what} at byte {offset} of a log record");
        }

        return value <= int.MaxValue ? (uint)value : throw new InvalidDataException($"{what} {value} is out of range in a log record");
    }

    private static int WriteVarint(Span<byte> destination, uint value) => BatchPrimitives.WriteVarint(destination, value);

    private static int VarintLength(uint value) => BatchPrimitives.VarintLength(value);
}
