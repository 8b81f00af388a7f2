using System.Buffers.Binary;
using Metronome.Storage.Checksums;

namespace Metronome.Storage.Wal;

/// <summary>
/// Byte layout of log files (docs/storage-format.md). A file is a 16-byte header (magic "MWAL", u16
/// version, u16 reserved, u64 first LSN) followed by records: u32 payload length, u32 CRC-32C of the
/// length field, LSN and payload, u64 LSN, payload. All integers little-endian. LSNs increase by one per record.
/// </summary>
internal static class WalFormat
{
    public const int FileHeaderSize = 16;
    public const int RecordHeaderSize = 16;
    /// <summary>The version new files get; version 1 files (entries without a kind byte) are still replayed.</summary>
    public const ushort Version = 2;

    public const ushort OldestReadableVersion = 1;
    public const int MaxPayload = 256 * 1024 * 1024;
    public static ReadOnlySpan<byte> Magic => "MWAL"u8;

    public static string FileName(long firstLsn) => $"{firstLsn:D20}.wal";

    public static void WriteFileHeader(Span<byte> span, long firstLsn)
    {
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], firstLsn);
    }

    public static void WriteRecord(Span<byte> span, long lsn, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteInt32LittleEndian(span, payload.Length);
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], lsn);
        payload.CopyTo(span[RecordHeaderSize..]);
        uint crc = Checksum(span[..4], span.Slice(8, 8 + payload.Length));
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], crc);
    }

    /// <summary>Validates the record at <paramref name="offset"/>: the payload length, whether it is
    /// wholly inside the data, and its checksum.</summary>
    public static RecordCheck Check(ReadOnlySpan<byte> data, int offset, out long lsn, out int payloadLength)
    {
        lsn = 0;
        payloadLength = 0;
        if (data.Length - offset < RecordHeaderSize)
        {
            return RecordCheck.Truncated;
        }

        var header = data.Slice(offset, RecordHeaderSize);
        payloadLength = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (payloadLength < 0 || payloadLength > MaxPayload)
        {
            return RecordCheck.BadLength;
        }

        if ((long)data.Length - offset - RecordHeaderSize < payloadLength)
        {
            return RecordCheck.Truncated;
        }

        lsn = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
        uint expected = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        uint actual = Checksum(header[..4], data.Slice(offset + 8, 8 + payloadLength));
        return expected == actual ? RecordCheck.Valid : RecordCheck.BadChecksum;
    }

    private static uint Checksum(ReadOnlySpan<byte> lengthField, ReadOnlySpan<byte> lsnAndPayload) =>
        Crc32C.Append(Crc32C.Compute(lengthField), lsnAndPayload);
}

internal enum RecordCheck
{
    Valid,
    Truncated,
    BadLength,
    BadChecksum,
}
