using Metronome.Storage.Wal;

namespace Metronome.Storage.Tests.Wal;

/// <summary>Builds log files byte by byte, for layouts the log itself never writes (gaps, bad headers).</summary>
internal static class WalFileBuilder
{
    public static byte[] Header(long firstLsn)
    {
        byte[] header = new byte[WalFormat.FileHeaderSize];
        WalFormat.WriteFileHeader(header, firstLsn);
        return header;
    }

    /// <summary>A complete record holding one framed batch.</summary>
    public static byte[] Record(long lsn, byte[] batch)
    {
        byte[] payload = new byte[WalPayload.FramedLength(batch.Length)];
        WalPayload.WriteFramed(payload, batch);
        byte[] record = new byte[WalFormat.RecordHeaderSize + payload.Length];
        WalFormat.WriteRecord(record, lsn, payload);
        return record;
    }

    public static byte[] File(long firstLsn, params byte[][] records) => [.. Header(firstLsn), .. records.SelectMany(r => r)];
}
