using static Metronome.Core.Events.Batches.BatchPrimitives;

namespace Metronome.Core.Events.Batches;

/// <summary>
/// A field key with its batch encoding (varint length and UTF-8) made once, for a key a decoder writes on
/// every event of a kind (a router line's): <see cref="EventBatchWriter"/> copies it, with no lookup in its
/// key cache. Written, it is the same bytes as the key given as a string.
/// </summary>
public sealed class BatchKey
{
    public BatchKey(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        int bytes = System.Text.Encoding.UTF8.GetByteCount(name);
        EncodedLength = VarintLength((ulong)bytes) + bytes;
        Encoded = new byte[Math.Max(EncodedLength, EncodedKeyCache.PaddedLength)];
        int prefix = WriteVarint(Encoded, (ulong)bytes);
        System.Text.Encoding.UTF8.GetBytes(name, Encoded.AsSpan(prefix));
    }

    public string Name { get; }

    /// <summary>The encoding, then zeros up to at least <see cref="EncodedKeyCache.PaddedLength"/> bytes (a short
    /// key is copied as one 16-byte block).</summary>
    internal byte[] Encoded { get; }

    internal int EncodedLength { get; }

    public override string ToString() => Name;
}
