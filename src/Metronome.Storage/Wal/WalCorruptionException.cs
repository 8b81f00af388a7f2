namespace Metronome.Storage.Wal;

/// <summary>Damage in the middle of the log. Recovery refuses to skip it silently: acknowledged events
/// would be lost. The message names the file and byte offset.</summary>
public sealed class WalCorruptionException(string file, long offset, string reason)
    : Exception($"write-ahead log {file} is corrupt at byte offset {offset}: {reason}. Refusing to start: records after it would be lost. Inspect the file, restore it from a backup, or move it aside knowingly.")
{
    public string File { get; } = file;

    public long Offset { get; } = offset;
}
