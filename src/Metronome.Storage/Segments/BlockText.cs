using Metronome.Storage.Encoding;

namespace Metronome.Storage.Segments;

/// <summary>
/// The text values of one chunk as UTF-8, by index, so they are read without making a string per value:
/// either the chunk's own bytes (<see cref="Utf8Chunk"/>) or the ends of another chunk's values
/// (<see cref="SuffixText"/>). What it holds is rented: <see cref="Release"/> returns it.
/// </summary>
internal abstract class BlockText
{
    public abstract int Count { get; }

    /// <summary>Value <paramref name="index"/>; an index past the values is corruption.</summary>
    public abstract ReadOnlySpan<byte> Utf8(long index);

    /// <summary>Value <paramref name="index"/> as a string; invalid UTF-8 is corruption.</summary>
    public string String(long index)
    {
        try
        {
            return StringBlockCodec.StrictUtf8.GetString(Utf8(index));
        }
        catch (System.Text.DecoderFallbackException exception)
        {
            throw new CorruptDataException($"String {index} is not valid UTF-8.", exception);
        }
    }

    public abstract void Release();
}
