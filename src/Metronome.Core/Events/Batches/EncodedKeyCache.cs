using System.Runtime.CompilerServices;

namespace Metronome.Core.Events.Batches;

/// <summary>
/// Keys, apps and names as the batch encodes them (length prefix and UTF-8), by string instance:
/// decoders pass the same key strings (literals, pooled names) for every event, and transcoding each of
/// a router line's ~20 keys from UTF-16 again was a few percent of a drain's CPU. The string met at the
/// same position of the previous event is tried first: events of one kind name their keys in the same
/// order, and comparing one reference is cheaper than the identity hash. Otherwise it is looked up by the
/// instance's identity hash in a few neighbouring slots, so a handful of colliding hot keys do not keep
/// evicting each other; a new instance takes an empty slot there, else the next in turn.
/// </summary>
internal sealed class EncodedKeyCache
{
    /// <summary>Every encoding's array is at least this long (zeros after the encoding), so a caller may copy
    /// a short one as one 16-byte block from its start instead of calling a general copy.</summary>
    public const int PaddedLength = 16;

    private const int Slots = 256;
    private const int Ways = 4;
    private const int MaxChars = 40;
    private const int Positions = 64;

    private readonly string?[] _keys = new string?[Slots + Ways];
    private readonly byte[][] _encoded = new byte[Slots + Ways][];
    private readonly string?[] _keyAtPosition = new string?[Positions];
    private readonly byte[][] _encodedAtPosition = new byte[Positions][];
    private int _evict;

    /// <summary>The encoding of <paramref name="key"/>, the <paramref name="position"/>-th string its
    /// event has the writer encode; false when it is too long to cache. The span's array holds at least
    /// <see cref="PaddedLength"/> bytes from its start.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGet(string key, int position, out ReadOnlySpan<byte> encoded)
    {
        if ((uint)position < Positions && ReferenceEquals(_keyAtPosition[position], key))
        {
            var bytes = _encodedAtPosition[position];
            encoded = bytes.AsSpan(0, 1 + bytes[0]);
            return true;
        }

        return TryFind(key, position, out encoded);
    }

    /// <summary>The lookup by identity hash, remembered for the position.</summary>
    private bool TryFind(string key, int position, out ReadOnlySpan<byte> encoded)
    {
        var bytes = Find(key);
        encoded = bytes is null ? default : bytes.AsSpan(0, 1 + bytes[0]);
        if (bytes is null)
        {
            return false;
        }

        if ((uint)position < Positions)
        {
            _keyAtPosition[position] = key;
            _encodedAtPosition[position] = bytes;
        }

        return true;
    }

    /// <summary>The cached encoding of <paramref name="key"/> (made on a miss), or null when it is too long
    /// to cache.</summary>
    private byte[]? Find(string key)
    {
        int first = RuntimeHelpers.GetHashCode(key) & (Slots - 1);
        int free = -1;
        for (int slot = first; slot < first + Ways; slot++)
        {
            var cached = _keys[slot];
            if (ReferenceEquals(cached, key))
            {
                return _encoded[slot];
            }

            if (cached is null && free < 0)
            {
                free = slot;
            }
        }

        if (key.Length > MaxChars)
        {
            return null;
        }

        if (free < 0)
        {
            free = first + (_evict++ & (Ways - 1));
        }

        // Up to 120 UTF-8 bytes: a one-byte length prefix.
        int length = System.Text.Encoding.UTF8.GetByteCount(key);
        var bytes = new byte[Math.Max(1 + length, PaddedLength)];
        bytes[0] = (byte)length;
        System.Text.Encoding.UTF8.GetBytes(key, bytes.AsSpan(1));
        _keys[free] = key;
        _encoded[free] = bytes;
        return bytes;
    }
}
