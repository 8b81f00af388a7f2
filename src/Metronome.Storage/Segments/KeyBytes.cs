using System.Runtime.CompilerServices;
using Metronome.Core.Text;

namespace Metronome.Storage.Segments;

/// <summary>
/// A key's bytes with their <see cref="ShortWords"/> read out once, so that checking a field's key against
/// it is a length test and two integer comparisons for keys of up to 16 bytes (nearly all): sealing checks
/// every field of every row this way, and a call to a general comparison per field was a measurable share of it.
/// </summary>
internal readonly struct KeyBytes
{
    private readonly byte[] _bytes;
    private readonly (ulong Head, ulong Tail) _words;

    public KeyBytes(byte[] bytes)
    {
        _bytes = bytes;
        _words = bytes.Length <= ShortWords.MaxLength ? ShortWords.Of(bytes) : default;
    }

    /// <summary>Whether <paramref name="key"/> is these bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Matches(ReadOnlySpan<byte> key)
    {
        var bytes = _bytes;
        if (bytes is null || key.Length != bytes.Length)
        {
            return false;
        }

        return key.Length <= ShortWords.MaxLength ? ShortWords.Of(key) == _words : key.SequenceEqual(bytes);
    }
}
