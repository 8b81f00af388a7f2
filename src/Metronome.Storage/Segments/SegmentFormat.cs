using Metronome.Core.Events;

namespace Metronome.Storage.Segments;

/// <summary>
/// Constants of the segment file layout (docs/storage-format.md): a 16-byte header, column chunks,
/// a footer describing every block and chunk, and a 24-byte trailer that locates the footer.
/// </summary>
internal static class SegmentFormat
{
    /// <summary>The version written. Version 2 added a chunk's suffix source to the footer
    /// (<see cref="ColumnChunk.SuffixOf"/>); version 1 segments are read as they are.</summary>
    public const ushort Version = 2;

    public const ushort OldestReadableVersion = 1;

    public const int HeaderSize = 16;
    public const int TrailerSize = 24;
    public const int BlockRows = 65_536;
    public static ReadOnlySpan<byte> Magic => "MSEG"u8;

    /// <summary>Fixed column: <c>_messagetime</c> in µs.</summary>
    public const string TimeColumn = "_messagetime";

    /// <summary>Fixed column: <c>_receipttime</c> in µs.</summary>
    public const string ReceiptColumn = "_receipttime";

    /// <summary>Fixed column: the event name, always dictionary-encoded.</summary>
    public const string NameColumn = "name";
}

/// <summary>How a column's values are stored in its chunks.</summary>
internal enum ColumnEncoding : byte
{
    /// <summary>IntegerCodec of the values (longs, µs times).</summary>
    Integer = 1,

    /// <summary>DoubleCodec of the values.</summary>
    Double = 2,

    /// <summary>One bit per present row, LSB first.</summary>
    Bool = 3,

    /// <summary>IntegerCodec of codes into the column's sorted segment dictionary.</summary>
    Dictionary = 4,

    /// <summary>StringBlockCodec of the values (or, for a chunk whose values end another column's, where
    /// each starts: <see cref="ColumnChunk.SuffixOf"/>), with a term bloom filter per chunk for text search.</summary>
    Plain = 5,
}

/// <summary>A physical column: one field key with one value kind (a key seen with two kinds has two columns).</summary>
internal sealed record ColumnDescriptor(string Key, FieldKind Kind, ColumnEncoding Encoding)
{
    /// <summary>The dictionary chunk of a <see cref="ColumnEncoding.Dictionary"/> column.</summary>
    public ChunkRef Dictionary { get; init; }
}

/// <summary>Where a chunk lives in the file and its CRC-32C.</summary>
internal readonly record struct ChunkRef(long Offset, int Length, uint Crc)
{
    public bool IsEmpty => Length == 0;
}

/// <summary>A column's data in one block: how many rows have a value, the presence bitmap (absent when
/// every row has one), the values, and min/max statistics (codes for dictionaries, values for integers).</summary>
internal sealed record ColumnChunk(int Column, int PresentRows, ChunkRef Presence, ChunkRef Values, long Min, long Max, ChunkRef Bloom)
{
    /// <summary>For a text chunk stored as the ends of another column's values in the same rows (a log
    /// line's message within its _raw): that column, whose chunk in the block holds the text; the values
    /// chunk then holds, per present row, the byte where the value starts within it. -1 otherwise.</summary>
    public int SuffixOf { get; init; } = -1;
}

internal sealed record BlockDescriptor(int Rows, long MinTimeUs, long MaxTimeUs, IReadOnlyList<ColumnChunk> Chunks);
