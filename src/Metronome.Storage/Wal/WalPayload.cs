namespace Metronome.Storage.Wal;

/// <summary>
/// One log record holds one group commit: every batch appended while the previous fsync ran. Each batch
/// is framed as a varint length and its bytes. Because a group is written only after the previous one
/// was synced, a damaged record followed by a valid one can only be real corruption, never a torn write.
/// </summary>
internal static class WalPayload
{
    public static int FramedLength(int batchLength) => VarintLength((uint)batchLength) + batchLength;

    public static int WriteFramed(Span<byte> destination, ReadOnlySpan<byte> batch)
    {
        int i = 0;
        uint value = (uint)batch.Length;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        batch.CopyTo(destination[i..]);
        return i + batch.Length;
    }

    public static void ForEachBatch(ReadOnlySpan<byte> payload, Action<int, ReadOnlySpan<byte>> visit)
    {
        int offset = 0;
        int index = 0;
        while (offset < payload.Length)
        {
            uint length = 0;
            int shift = 0;
            byte b;
            do
            {
                if (offset >= payload.Length || shift > 28)
                {
                    throw new InvalidDataException($"bad batch length at byte {offset} of a log record");
                }

                b = payload[offset++];
                length |= (uint)(b & 0x7F) << shift;
                shift += 7;
            }
            while (b >= 0x80);

            if (length > payload.Length - offset)
            {
                throw new InvalidDataException($"batch at byte {offset} runs past its log record");
            }

            visit(index++, payload.Slice(offset, (int)length));
            offset += (int)length;
        }
    }

    private static int VarintLength(uint value)
    {
        int n = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            n++;
        }

        return n;
    }
}
