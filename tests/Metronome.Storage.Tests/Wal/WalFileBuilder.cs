using System.Buffers.Binary;
using Metronome.Core.Events.Batches;
using Metronome.Storage.Wal;

namespace Metronome.Storage.Tests.Wal;

/// <summary>Builds log files byte by byte, for layouts the log itself never writes (gaps, bad headers,
/// files of an older version).</summary>
internal static class WalFileBuilder
{
    public static byte[] Header(long firstLsn, ushort version = WalFormat.Version)
    {
        byte[] header = new byte[WalFormat.FileHeaderSize];
        WalFormat.WriteFileHeader(header, firstLsn);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), version);
        return header;
    }

    /// <summary>A complete record holding one batch, framed as the current version frames it.</summary>
    public static byte[] Record(long lsn, byte[] batch)
    {
        var entry = WalEntry.Batch(batch);
        byte[] payload = new byte[WalPayload.FramedLength(entry)];
        WalPayload.WriteFramed(payload, entry);
        return RecordOf(lsn, payload);
    }

    /// <summary>A complete record of a version 1 file: the batch framed without a kind byte.</summary>
    public static byte[] RecordV1(long lsn, byte[] batch)
    {
        // Version 1 framed a batch as its varint length and its bytes, with no kind byte.
        byte[] length = new byte[10];
        return RecordOf(lsn, [.. length.AsSpan(0, BatchPrimitives.WriteVarint(length, (ulong)batch.Length)), .. batch]);
    }

    public static byte[] File(long firstLsn, params byte[][] records) => [.. Header(firstLsn), .. records.SelectMany(r => r)];

    private static byte[] RecordOf(long lsn, byte[] payload)
    {
        byte[] record = new byte[WalFormat.RecordHeaderSize + payload.Length];
        WalFormat.WriteRecord(record, lsn, payload);
        return record;
    }
}
