namespace Metronome.Storage.Encoding;

/// <summary>A block's text values as UTF-8, by index: what sealing holds instead of strings.</summary>
internal interface IUtf8Values
{
    int Count { get; }

    ReadOnlySpan<byte> this[int index] { get; }
}
