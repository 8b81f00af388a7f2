using System.Buffers.Binary;
using Metronome.Storage.Io;

namespace Metronome.Storage.Wal;

/// <summary>
/// Replays the log on start. A damaged record at the very end of the last file is a torn write from a
/// crash (the write was never acknowledged): it is truncated away, as are the zeros that end a log
/// written past the page cache. Damage anywhere else, or a damaged
/// record followed by a valid one, is corruption: <see cref="WalCorruptionException"/>.
/// </summary>
internal static class WalRecovery
{
    public sealed record Result(long NextLsn, IReadOnlyList<(string Name, long FirstLsn)> Files, long TruncatedBytes);

    public static Result Replay(IFileSystem fs, string directory, long checkpointLsn, Action<long, ushort, ReadOnlySpan<byte>> replay)
    {
        var names = fs.ListFiles(directory, ".wal");
        var files = new List<(string, long)>();
        long nextLsn = checkpointLsn + 1;
        long truncated = 0;
        long continueAt = checkpointLsn + 1;
        for (int i = 0; i < names.Count; i++)
        {
            string path = directory + "/" + names[i];
            bool last = i == names.Count - 1;
            byte[] data = fs.ReadAllBytes(path);
            if (data.Length < WalFormat.FileHeaderSize || (last && IsPadding(data)))
            {
                if (!last)
                {
                    throw new WalCorruptionException(path, 0, "file shorter than its header");
                }

                // A crash while creating the newest file (or proving it takes direct writes): nothing in it was acknowledged.
                fs.Delete(path);
                truncated += data.Length;
                continue;
            }

            if (!data.AsSpan(0, 4).SequenceEqual(WalFormat.Magic))
            {
                throw new WalCorruptionException(path, 0, "bad magic number");
            }

            ushort version = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(4));
            if (version is < WalFormat.OldestReadableVersion or > WalFormat.Version)
            {
                throw new WalCorruptionException(path, 4, $"unsupported version {version}");
            }

            long firstLsn = BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan(8));
            // Files must continue each other, and the first must not start after the checkpoint:
            // otherwise a whole file of acknowledged records is missing.
            if (files.Count == 0 ? firstLsn > continueAt : firstLsn != continueAt)
            {
                throw new WalCorruptionException(path, 8, $"file starts at LSN {firstLsn}, expected {continueAt}: records are missing");
            }

            files.Add((names[i], firstLsn));
            long expectedLsn = firstLsn;
            int offset = WalFormat.FileHeaderSize;
            while (offset < data.Length)
            {
                var check = WalFormat.Check(data, offset, out long lsn, out int length);
                if (check == RecordCheck.Valid && lsn != expectedLsn)
                {
                    throw new WalCorruptionException(path, offset, $"record has LSN {lsn}, expected {expectedLsn}");
                }

                if (check != RecordCheck.Valid)
                {
                    bool padding = IsPadding(data.AsSpan(offset));
                    if (!padding && (!last || HasValidRecordAfter(data, offset + 1)))
                    {
                        throw new WalCorruptionException(path, offset, Describe(check));
                    }

                    using (var file = fs.OpenAppend(path))
                    {
                        file.Truncate(offset);
                    }

                    truncated += data.Length - offset;
                    break;
                }

                if (lsn > checkpointLsn)
                {
                    replay(lsn, version, data.AsSpan(offset + WalFormat.RecordHeaderSize, length));
                }

                expectedLsn = lsn + 1;
                nextLsn = Math.Max(nextLsn, expectedLsn);
                offset += WalFormat.RecordHeaderSize + length;
            }

            nextLsn = Math.Max(nextLsn, expectedLsn);
            continueAt = expectedLsn;
        }

        return new Result(nextLsn, files, truncated);
    }

    /// <summary>Zeros to the end of a page: what a log written past the page cache (<see cref="DirectAppendFile"/>)
    /// has after its last record until it is closed. Dropped like a torn write, but in any file: a crash
    /// while rotating leaves them in the file before the last.</summary>
    private static bool IsPadding(ReadOnlySpan<byte> rest) =>
        rest.Length <= PageCache.PageSize && !rest.ContainsAnyExcept((byte)0);

    private static bool HasValidRecordAfter(byte[] data, int from)
    {
        for (int offset = from; offset <= data.Length - WalFormat.RecordHeaderSize; offset++)
        {
            if (WalFormat.Check(data, offset, out _, out _) == RecordCheck.Valid)
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(RecordCheck check) => check switch
    {
        RecordCheck.Truncated => "record runs past the end of the file",
        RecordCheck.BadLength => "record length is out of range",
        _ => "checksum mismatch",
    };
}
