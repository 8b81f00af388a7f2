using System.Buffers.Binary;
using Metronome.Storage.Io;
using Metronome.Storage.Wal;

namespace Metronome.Storage.Tests.Support;

/// <summary>Opens a <see cref="WriteAheadLog"/> in <c>wal/</c> and records what recovery replays.
/// Test batches start with an 8-byte id, so replays can be counted per batch.</summary>
internal sealed class WalHarness
{
    public const string Directory = "wal";

    /// <summary>Every replayed entry's bytes (the batch, or a wire form's body).</summary>
    public List<(long Lsn, byte[] Batch)> Replayed { get; } = [];

    /// <summary>Every replayed entry's codec (null for a batch) and context.</summary>
    public List<(string? Codec, byte[] Context)> ReplayedForms { get; } = [];

    public IEnumerable<long> ReplayedIds => Replayed.Select(r => IdOf(r.Batch));

    public static WalOptions Options(long fileSize = 64L << 20, long maxQueued = 64L << 20, long reserve = 0) =>
        new() { FileSizeBytes = fileSize, MaxQueuedBytes = maxQueued, ReserveBytes = reserve };

    public static byte[] Batch(long id, int size = 24)
    {
        byte[] batch = new byte[Math.Max(8, size)];
        BinaryPrimitives.WriteInt64LittleEndian(batch, id);
        for (int i = 8; i < batch.Length; i++)
        {
            batch[i] = (byte)(id + i);
        }

        return batch;
    }

    public static long IdOf(byte[] batch) => BinaryPrimitives.ReadInt64LittleEndian(batch);

    public static IReadOnlyList<string> Files(IFileSystem fs) => fs.ListFiles(Directory, ".wal").Select(f => Directory + "/" + f).ToList();

    /// <summary>Offset of every record in a log file (the file must be intact).</summary>
    public static List<int> RecordOffsets(byte[] file)
    {
        var offsets = new List<int>();
        int offset = WalFormat.FileHeaderSize;
        while (offset < file.Length)
        {
            offsets.Add(offset);
            offset += WalFormat.RecordHeaderSize + BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(offset));
        }

        return offsets;
    }

    public WriteAheadLog Open(IFileSystem fs, long checkpointLsn = 0, WalOptions? options = null)
    {
        Replayed.Clear();
        ReplayedForms.Clear();
        return WriteAheadLog.Open(fs, Directory, checkpointLsn, options ?? Options(),
            replay: (lsn, entry) =>
            {
                Replayed.Add((lsn, entry.Bytes.ToArray()));
                ReplayedForms.Add((entry.Codec, entry.Context.ToArray()));
            },
            onDurable: (_, _) => { });
    }
}
