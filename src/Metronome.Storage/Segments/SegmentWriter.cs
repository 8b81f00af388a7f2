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
        int[] order = SortOrder(events);
        var columns = Transpose(events, order);
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
        long minTime = long.MaxValue, maxTime = long.MinValue;
        for (int start = 0; start < events.Count; start += SegmentFormat.BlockRows)
        {
            int rows = Math.Min(SegmentFormat.BlockRows, events.Count - start);
            long blockMin = long.MaxValue, blockMax = long.MinValue;
            for (int r = start; r < start + rows; r++)
            {
                long t = events[order[r]].TimeUs;
                blockMin = Math.Min(blockMin, t);
                blockMax = Math.Max(blockMax, t);
            }

            var chunks = new List<ColumnChunk>(columns.Count);
            for (int c = 0; c < columns.Count; c++)
            {
                if (columns[c].WriteChunk(output, c, start, rows) is { } chunk)
                {
                    chunks.Add(chunk);
                }
            }

            blocks.Add(new BlockDescriptor(rows, blockMin, blockMax, chunks));
            minTime = Math.Min(minTime, blockMin);
            maxTime = Math.Max(maxTime, blockMax);
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
        return events.Count == 0
            ? new SegmentInfo(file, app, day, 0, 0, 0, output.WrittenCount)
            : new SegmentInfo(file, app, day, events.Count, minTime, maxTime, output.WrittenCount);
    }

    internal static ChunkRef WriteChunk(ArrayBufferWriter<byte> output, Action<ArrayBufferWriter<byte>> write)
    {
        long offset = output.WrittenCount;
        write(output);
        int length = (int)(output.WrittenCount - offset);
        return new ChunkRef(offset, length, Crc32C.Compute(output.WrittenSpan.Slice((int)offset, length)));
    }

    /// <summary>Row order (name, then time) by sorting small keys: a rank per distinct name, not strings.</summary>
    private static int[] SortOrder(List<Event> events)
    {
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            names.TryAdd(e.Name, 0);
        }

        var sorted = names.Keys.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        for (int i = 0; i < sorted.Length; i++)
        {
            names[sorted[i]] = i;
        }

        var keys = new (int Name, long Time, int Index)[events.Count];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = (names[events[i].Name], events[i].TimeUs, i);
        }

        Array.Sort(keys);
        return Array.ConvertAll(keys, k => k.Index);
    }

    /// <summary>One pass over the events in row order, appending every value to its column.</summary>
    private static List<ColumnBuilder> Transpose(List<Event> events, int[] order)
    {
        var time = new ColumnBuilder(SegmentFormat.TimeColumn, FieldKind.Long);
        var receipt = new ColumnBuilder(SegmentFormat.ReceiptColumn, FieldKind.Long);
        var name = new ColumnBuilder(SegmentFormat.NameColumn, FieldKind.String) { AlwaysDictionary = true };
        var columns = new List<ColumnBuilder> { time, receipt, name };
        var byKey = new Dictionary<string, ColumnBuilder?[]>(StringComparer.Ordinal);
        for (int row = 0; row < order.Length; row++)
        {
            var e = events[order[row]];
            time.AddLong(row, e.TimeUs);
            receipt.AddLong(row, e.ReceiptTimeUs);
            name.AddString(row, e.Name);
            foreach (var (key, value) in e.Fields)
            {
                if (value.IsNull)
                {
                    continue;
                }

                if (!byKey.TryGetValue(key, out var kinds))
                {
                    byKey[key] = kinds = new ColumnBuilder?[5];
                }

                var column = kinds[(int)value.Kind];
                if (column is null)
                {
                    kinds[(int)value.Kind] = column = new ColumnBuilder(key, value.Kind);
                    columns.Add(column);
                }

                column.Add(row, value);
            }
        }

        foreach (var column in columns)
        {
            column.Finish();
        }

        return columns;
    }
}
