using Metronome.Core.Events.Batches;

namespace Metronome.Storage.Wal;

/// <summary>What one append puts in the log: an encoded batch, or the <see cref="WireForm"/> it was
/// decoded from (<see cref="Codec"/> set). The bytes must stay unchanged until the append completes.</summary>
public readonly struct WalEntry
{
    private WalEntry(string? codec, ReadOnlyMemory<byte> context, ReadOnlyMemory<byte> bytes)
    {
        Codec = codec;
        Context = context;
        Bytes = bytes;
    }

    /// <summary>Null for an encoded batch, else the codec that decodes the wire form on replay.</summary>
    public string? Codec { get; }

    public ReadOnlyMemory<byte> Context { get; }

    /// <summary>The encoded batch, or the wire form's body.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    public static WalEntry Batch(ReadOnlyMemory<byte> batch) => new(null, default, batch);

    public static WalEntry Wire(WireForm wire) => new(wire.Codec, wire.Context, wire.Body);

    public static implicit operator WalEntry(byte[] batch) => Batch(batch);
}
