namespace Metronome.Core.Events.Batches;

/// <summary>
/// Decodes a logged <see cref="WireForm"/> back into its batch on replay. It must give the batch the
/// original request gave, byte for byte, so the context must carry everything decoding depended on.
/// </summary>
public interface IWireCodec
{
    /// <summary>The name logged with each wire form (<see cref="WireForm.Codec"/>); never reused for another layout.</summary>
    string Name { get; }

    /// <summary>Throws <see cref="InvalidDataException"/> when the context cannot be read.</summary>
    EventBatch Decode(ReadOnlySpan<byte> context, ReadOnlySpan<byte> body);
}
