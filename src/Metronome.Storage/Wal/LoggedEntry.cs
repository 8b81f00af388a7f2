namespace Metronome.Storage.Wal;

/// <summary>An entry as replay reads it from the log: spans into the record, valid during the call.</summary>
public readonly ref struct LoggedEntry(string? codec, ReadOnlySpan<byte> context, ReadOnlySpan<byte> bytes)
{
    /// <summary>Null for an encoded batch.</summary>
    public string? Codec { get; } = codec;

    public ReadOnlySpan<byte> Context { get; } = context;

    /// <summary>The encoded batch, or the wire form's body.</summary>
    public ReadOnlySpan<byte> Bytes { get; } = bytes;
}

/// <summary>Called once per logged entry on replay, in log order.</summary>
public delegate void WalReplay(long lsn, LoggedEntry entry);
