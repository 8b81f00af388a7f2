using System.Buffers;
using System.Buffers.Binary;
using Metronome.Core.Events;
using Metronome.Storage.Checksums;
using Metronome.Storage.Encoding;
using Metronome.Storage.Io;
using Metronome.Storage.Manifest;

namespace Metronome.Storage.Segments;

/// <summary>
/// Writes one immutable segment: the events of one partition sorted by (name, time), cut into blocks,
/// one chunk per column per block, then the footer and trailer. The file appears atomically.
/// </summary>
internal static class SegmentWriter
{
    public static SegmentInfo Write(IFileSystem fs, string path, string file, string app, string day, List<Event> events)
    {
        events.Sort(static (a, b) =>
        {
            int byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : a.TimeUs.CompareTo(b.TimeUs);
        });

        var columns = DiscoverColumns(events);
        var output = new ArrayBufferWriter<byte>(Math.Max(4096, events.Count * 48));
        var header = output.GetSpan(SegmentFormat.HeaderSize)[..SegmentFormat.HeaderSize];
        header.Clear();
        SegmentFormat.Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], SegmentFormat.Version);
        output.Advance(SegmentFormat.HeaderSize);

        var descriptors = new List<ColumnDescriptor>(columns.Count);
        foreach (var column in columns)
        {
            var descriptor = new ColumnDescriptor(column.Key, column.Kind, column.Encoding);
            if (column.Encoding == ColumnEncoding.Dictionary)
            {
                descriptor = descriptor with { Dictionary = WriteChunk(output, buffer => StringBlockCodec.Encode(column.DictionaryValues!, buffer)) };
            }

            descriptors.Add(descriptor);
        }

        var blocks = new List<BlockDescriptor>();
        for (int start = 0; start < events.Count; start += SegmentFormat.BlockRows)
        {
            int rows = Math.Min(SegmentFormat.BlockRows, events.Count - start);
            blocks.Add(WriteBlock(output, columns, events, start, rows));
        }

        long footerOffset = output.WrittenCount;
        SegmentFooter.Write(output, app, day, descriptors, blocks);
        int footerLength = (int)(output.WrittenCount - footerOffset);
        uint footerCrc = Crc32C.Compute(output.WrittenSpan.Slice((int)footerOffset, footerLength));
        var trailer = output.GetSpan(SegmentFormat.TrailerSize)[..SegmentFormat.TrailerSize];
        BinaryPrimitives.WriteInt64LittleEndian(trailer, footerOffset);
        BinaryPrimitives.WriteInt32LittleEndian(trailer[8..], footerLength);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[12..], footerCrc);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[16..], SegmentFormat.Version);
        SegmentFormat.Magic.CopyTo(trailer[20..]);
        output.Advance(SegmentFormat.TrailerSize);

        fs.WriteAtomically(path, output.WrittenSpan);
        long min = events.Count == 0 ? 0 : events.Min(e => e.TimeUs);
        long max = events.Count == 0 ? 0 : events.Max(e => e.TimeUs);
        return new SegmentInfo(file, app, day, events.Count, min, max, output.WrittenCount);
    }

    private static BlockDescriptor WriteBlock(ArrayBufferWriter<byte> output, List<ColumnBuilder> columns, List<Event> events, int start, int rows)
    {
        var chunks = new List<ColumnChunk>(columns.Count);
        long minTime = long.MaxValue, maxTime = long.MinValue;
        for (int i = start; i < start + rows; i++)
        {
            minTime = Math.Min(minTime, events[i].TimeUs);
            maxTime = Math.Max(maxTime, events[i].TimeUs);
        }

        for (int c = 0; c < columns.Count; c++)
        {
            var chunk = columns[c].WriteChunk(output, c, events, start, rows);
            if (chunk is not null)
            {
                chunks.Add(chunk);
            }
        }

        return new BlockDescriptor(rows, minTime, maxTime, chunks);
    }

    internal static ChunkRef WriteChunk(ArrayBufferWriter<byte> output, Action<ArrayBufferWriter<byte>> write)
    {
        long offset = output.WrittenCount;
        write(output);
        int length = (int)(output.WrittenCount - offset);
        return new ChunkRef(offset, length, Crc32C.Compute(output.WrittenSpan.Slice((int)offset, length)));
    }

    private static List<ColumnBuilder> DiscoverColumns(List<Event> events)
    {
        var columns = new List<ColumnBuilder>
        {
            new(SegmentFormat.TimeColumn, FieldKind.Long, FieldSource.Time),
            new(SegmentFormat.ReceiptColumn, FieldKind.Long, FieldSource.Receipt),
            new(SegmentFormat.NameColumn, FieldKind.String, FieldSource.Name),
        };
        var byKey = new Dictionary<(string, FieldKind), ColumnBuilder>();
        foreach (var e in events)
        {
            foreach (var (key, value) in e.Fields)
            {
                if (value.IsNull)
                {
                    continue;
                }

                if (!byKey.TryGetValue((key, value.Kind), out var column))
                {
                    column = new ColumnBuilder(key, value.Kind, FieldSource.Field);
                    byKey[(key, value.Kind)] = column;
                    columns.Add(column);
                }

                column.Observe(value);
            }
        }

        foreach (var e in events)
        {
            columns[2].Observe(e.Name);
        }

        foreach (var column in columns)
        {
            column.Finish();
        }

        return columns;
    }
}
