using Metronome.Core.Text;
using System.Buffers;
using System.Buffers.Binary;
using Metronome.Core.Events;
using Metronome.Storage.Encoding;

namespace Metronome.Storage.Segments;

/// <summary>
/// The footer: app and day strings, the column descriptors, then every block with its rows, time range
/// and column chunks (see docs/storage-format.md). Strings are varint length + UTF-8; a chunk reference
/// is varint offset, varint length, u32 CRC-32C. It is written in the current version's layout and read
/// in any readable one (version 1 lacks the chunks' suffix sources).
/// </summary>
internal static class SegmentFooter
{
    public static void Write(IBufferWriter<byte> output, string app, string day, IReadOnlyList<ColumnDescriptor> columns, IReadOnlyList<BlockDescriptor> blocks)
    {
        WriteString(output, app);
        WriteString(output, day);
        Varint.Write(output, (ulong)columns.Count);
        foreach (var column in columns)
        {
            WriteString(output, column.Key);
            var span = output.GetSpan(2);
            span[0] = (byte)column.Kind;
            span[1] = (byte)column.Encoding;
            output.Advance(2);
            if (column.Encoding == ColumnEncoding.Dictionary)
            {
                WriteChunkRef(output, column.Dictionary);
            }
        }

        Varint.Write(output, (ulong)blocks.Count);
        foreach (var block in blocks)
        {
            Varint.Write(output, (ulong)block.Rows);
            Varint.WriteSigned(output, block.MinTimeUs);
            Varint.WriteSigned(output, block.MaxTimeUs);
            Varint.Write(output, (ulong)block.Chunks.Count);
            foreach (var chunk in block.Chunks)
            {
                Varint.Write(output, (ulong)chunk.Column);
                Varint.Write(output, (ulong)chunk.PresentRows);
                WriteChunkRef(output, chunk.Presence);
                WriteChunkRef(output, chunk.Values);
                Varint.WriteSigned(output, chunk.Min);
                Varint.WriteSigned(output, chunk.Max);
                WriteChunkRef(output, chunk.Bloom);
                Varint.Write(output, (ulong)(chunk.SuffixOf + 1));
            }
        }
    }

    public static (string App, string Day, List<ColumnDescriptor> Columns, List<BlockDescriptor> Blocks) Read(ReadOnlySpan<byte> data, ushort version = SegmentFormat.Version)
    {
        int offset = 0;
        string app = ReadString(data, ref offset);
        string day = ReadString(data, ref offset);
        int columnCount = ReadCount(data, ref offset);
        var columns = new List<ColumnDescriptor>(columnCount);
        for (int c = 0; c < columnCount; c++)
        {
            string key = ReadString(data, ref offset);
            if (offset + 2 > data.Length)
            {
                throw new CorruptDataException("segment footer truncated in a column descriptor");
            }

            var kind = (FieldKind)data[offset];
            var encoding = (ColumnEncoding)data[offset + 1];
            offset += 2;
            if (!Enum.IsDefined(kind) || !Enum.IsDefined(encoding))
            {
                throw new CorruptDataException($"segment footer has an unknown column kind {(byte)kind} or encoding {(byte)encoding}");
            }

            var descriptor = new ColumnDescriptor(key, kind, encoding);
            if (encoding == ColumnEncoding.Dictionary)
            {
                descriptor = descriptor with { Dictionary = ReadChunkRef(data, ref offset) };
            }

            columns.Add(descriptor);
        }

        int blockCount = ReadCount(data, ref offset);
        var blocks = new List<BlockDescriptor>(blockCount);
        for (int b = 0; b < blockCount; b++)
        {
            int rows = ReadCount(data, ref offset);
            long min = Varint.ReadSigned(data, ref offset);
            long max = Varint.ReadSigned(data, ref offset);
            int chunkCount = ReadCount(data, ref offset);
            var chunks = new List<ColumnChunk>(chunkCount);
            for (int c = 0; c < chunkCount; c++)
            {
                int column = ReadCount(data, ref offset);
                if (column >= columns.Count)
                {
                    throw new CorruptDataException($"segment footer names column {column} of {columns.Count}");
                }

                int present = ReadCount(data, ref offset);
                var presence = ReadChunkRef(data, ref offset);
                var values = ReadChunkRef(data, ref offset);
                long cmin = Varint.ReadSigned(data, ref offset);
                long cmax = Varint.ReadSigned(data, ref offset);
                var bloom = ReadChunkRef(data, ref offset);
                int suffixOf = version >= 2 ? ReadCount(data, ref offset) - 1 : -1;
                chunks.Add(new ColumnChunk(column, present, presence, values, cmin, cmax, bloom) { SuffixOf = suffixOf });
            }

            CheckSuffixSources(chunks, columns);
            blocks.Add(new BlockDescriptor(rows, min, max, chunks));
        }

        return (app, day, columns, blocks);
    }

    /// <summary>A chunk stored as the ends of another column's values must be text, and so must that
    /// column's chunk in the same block, with a value on at least as many rows: readers take the text from
    /// there (a row without one is caught when the rows are read).</summary>
    private static void CheckSuffixSources(List<ColumnChunk> chunks, List<ColumnDescriptor> columns)
    {
        foreach (var chunk in chunks)
        {
            if (chunk.SuffixOf < 0)
            {
                continue;
            }

            var source = chunks.Find(c => c.Column == chunk.SuffixOf);
            if (chunk.SuffixOf == chunk.Column || columns[chunk.Column].Encoding != ColumnEncoding.Plain
                || source is null || source.SuffixOf >= 0 || columns[source.Column].Encoding != ColumnEncoding.Plain
                || source.PresentRows < chunk.PresentRows)
            {
                throw new CorruptDataException($"segment footer stores column {chunk.Column} as the ends of column {chunk.SuffixOf}, which has no text chunk for it in the block");
            }
        }
    }

    private static void WriteString(IBufferWriter<byte> output, string value)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(value);
        Varint.Write(output, (ulong)bytes.Length);
        output.Write(bytes);
    }

    private static string ReadString(ReadOnlySpan<byte> data, ref int offset)
    {
        int length = ReadCount(data, ref offset);
        if (length > data.Length - offset)
        {
            throw new CorruptDataException("segment footer truncated in a string");
        }

        string value = System.Text.Encoding.UTF8.GetString(data.Slice(offset, length));
        offset += length;
        return value;
    }

    private static void WriteChunkRef(IBufferWriter<byte> output, ChunkRef chunk)
    {
        Varint.Write(output, (ulong)chunk.Offset);
        Varint.Write(output, (ulong)chunk.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(output.GetSpan(4), chunk.Crc);
        output.Advance(4);
    }

    private static ChunkRef ReadChunkRef(ReadOnlySpan<byte> data, ref int offset)
    {
        long chunkOffset = (long)Varint.Read(data, ref offset);
        int length = ReadCount(data, ref offset);
        if (offset + 4 > data.Length)
        {
            throw new CorruptDataException("segment footer truncated in a chunk reference");
        }

        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]);
        offset += 4;
        return new ChunkRef(chunkOffset, length, crc);
    }

    private static int ReadCount(ReadOnlySpan<byte> data, ref int offset)
    {
        ulong value = Varint.Read(data, ref offset);
        return value <= int.MaxValue ? (int)value : throw new CorruptDataException($"segment footer count {value} is out of range");
    }
}
