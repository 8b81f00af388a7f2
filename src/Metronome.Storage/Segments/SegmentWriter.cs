using System.Buffers;
using System.Buffers.Binary;
using Metronome.Core.Events;
using Metronome.Storage.Checksums;
using Metronome.Storage.Encoding;
using Metronome.Storage.Io;
using Metronome.Storage.Manifest;
using Metronome.Storage.Serialization;

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
        var times = new long[order.Length];
        for (int r = 0; r < order.Length; r++)
        {
            times[r] = events[order[r]].TimeUs;
        }

        return Write(fs, path, file, app, day, times, columns);
    }

    /// <summary>Writes the events of <paramref name="rows"/> (in segment order), read in place from their
    /// encoded batches (the tail): one string per distinct value, no event objects.</summary>
    public static SegmentInfo Write(IFileSystem fs, string path, string file, string app, string day, List<EncodedRow> rows, IReadOnlyList<byte[]> batches)
    {
        var times = new long[rows.Count];
        for (int r = 0; r < times.Length; r++)
        {
            times[r] = rows[r].TimeUs;
        }

        return Write(fs, path, file, app, day, times, Transpose(rows, batches));
    }

    /// <summary>Writes columns whose rows are already in order; <paramref name="times"/> are the rows'
    /// event times, for the blocks' time ranges.</summary>
    private static SegmentInfo Write(IFileSystem fs, string path, string file, string app, string day, long[] times, List<ColumnBuilder> columns)
    {
        int count = times.Length;
        var output = new ArrayBufferWriter<byte>(Math.Max(4096, count * 48));
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
        for (int start = 0; start < count; start += SegmentFormat.BlockRows)
        {
            int rows = Math.Min(SegmentFormat.BlockRows, count - start);
            long blockMin = long.MaxValue, blockMax = long.MinValue;
            for (int r = start; r < start + rows; r++)
            {
                long t = times[r];
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
        return count == 0
            ? new SegmentInfo(file, app, day, 0, 0, 0, output.WrittenCount)
            : new SegmentInfo(file, app, day, count, minTime, maxTime, output.WrittenCount);
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

    /// <summary>The same single pass as for events, reading each row's fields from its encoded batch.
    /// Column lookups go by the key's bytes, and the previous row's layout is tried first: rows of one
    /// source carry the same keys in the same order.</summary>
    private static List<ColumnBuilder> Transpose(List<EncodedRow> rows, IReadOnlyList<byte[]> batches)
    {
        var time = new ColumnBuilder(SegmentFormat.TimeColumn, FieldKind.Long);
        var receipt = new ColumnBuilder(SegmentFormat.ReceiptColumn, FieldKind.Long);
        var name = new ColumnBuilder(SegmentFormat.NameColumn, FieldKind.String) { AlwaysDictionary = true };
        var columns = new List<ColumnBuilder> { time, receipt, name };
        var keys = new Utf8CodeTable();
        var byKey = new List<ColumnBuilder?[]>();
        for (int row = 0; row < rows.Count; row++)
        {
            var at = rows[row];
            var reader = new EncodedBatchReader(batches[at.Batch], at.Offset);
            reader.ReadHeader(out _, out var eventName, out long timeUs, out long receiptUs, out int fieldCount);
            time.AddLong(row, timeUs);
            receipt.AddLong(row, receiptUs);
            name.AddUtf8(row, eventName);
            for (int f = 0; f < fieldCount; f++)
            {
                var kind = reader.ReadField(out var key, out var text, out long bits);
                if (kind == FieldKind.Null)
                {
                    continue;
                }

                int keyCode = keys.GetOrAdd(key, out bool newKey);
                if (newKey)
                {
                    byKey.Add(new ColumnBuilder?[5]);
                }

                var kinds = byKey[keyCode];
                var column = kinds[(int)kind];
                if (column is null)
                {
                    kinds[(int)kind] = column = new ColumnBuilder(keys.StringOf(keyCode), kind);
                    columns.Add(column);
                }

                switch (kind)
                {
                    case FieldKind.String:
                        column.AddUtf8(row, text);
                        break;
                    case FieldKind.Double:
                        column.Add(row, FieldValue.From(BitConverter.Int64BitsToDouble(bits)));
                        break;
                    case FieldKind.Bool:
                        column.Add(row, FieldValue.From(bits != 0));
                        break;
                    default:
                        column.Add(row, FieldValue.From(bits));
                        break;
                }
            }
        }

        foreach (var column in columns)
        {
            column.Finish();
        }

        return columns;
    }
}
