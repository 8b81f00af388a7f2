using System.Runtime.CompilerServices;
using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Core.Text;
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
    /// <summary>Events per encoded batch when objects are written (a big partition's encoding would not
    /// fit one array).</summary>
    private const int EncodedBatchEvents = 65_536;

    /// <summary>Writes events given as objects (tests) the way the tail is sealed: encoded in
    /// batches, then read in place, so there is one path from values to columns.</summary>
    public static SegmentInfo Write(IFileSystem fs, string path, string file, string app, string day, List<Event> events)
    {
        var batches = new List<EventBatch>();
        for (int start = 0; start < events.Count; start += EncodedBatchEvents)
        {
            batches.Add(EventBatch.From(events.GetRange(start, Math.Min(EncodedBatchEvents, events.Count - start))));
        }

        return Write(fs, path, file, app, day, batches);
    }

    /// <summary>Writes the events of encoded batches of one partition (events given as objects), in
    /// segment order: ties keep the batches' order.</summary>
    public static SegmentInfo Write(IFileSystem fs, string path, string file, string app, string day, IReadOnlyList<EventBatch> batches)
    {
        var ranks = SegmentOrder.NameRanks([.. batches.Select(b => b.Names)], out int nameCount);
        var rows = new List<EncodedRow>(batches.Sum(b => b.Count));
        long sequence = 0;
        for (int b = 0; b < batches.Count; b++)
        {
            foreach (var entry in batches[b].Entries)
            {
                rows.Add(new EncodedRow(ranks[b][entry.Name], entry.TimeUs, sequence++, b, entry.Offset));
            }
        }

        SegmentOrder.Sort(rows, nameCount);
        return Write(fs, path, file, app, day, rows, batches.Select(b => b.Data).ToList());
    }

    /// <summary>Writes the events of <paramref name="rows"/> (in segment order), read in place from their
    /// encoded batches (the tail): text kept as its UTF-8 bytes, no event objects.</summary>
    public static SegmentInfo Write(IFileSystem fs, string path, string file, string app, string day, List<EncodedRow> rows, IReadOnlyList<byte[]> batches)
    {
        var times = new long[rows.Count];
        for (int r = 0; r < times.Length; r++)
        {
            times[r] = rows[r].TimeUs;
        }

        var columns = Transpose(rows, batches);
        try
        {
            return Write(fs, path, file, app, day, times, columns);
        }
        finally
        {
            foreach (var column in columns)
            {
                column.Dispose();
            }
        }
    }

    /// <summary>Writes finished columns whose rows are already in order (sealing, merging);
    /// <paramref name="times"/> are the rows' event times, for the blocks' time ranges.</summary>
    internal static SegmentInfo Write(IFileSystem fs, string path, string file, string app, string day, long[] times, List<ColumnBuilder> columns)
    {
        int count = times.Length;
        using var output = new SegmentOutput(fs.CreateAtomically(path));
        output.WriteHeader();

        var descriptors = new List<ColumnDescriptor>(columns.Count);
        foreach (var column in columns)
        {
            var descriptor = new ColumnDescriptor(column.Key, column.Kind, column.Encoding);
            if (column.Encoding == ColumnEncoding.Dictionary)
            {
                long offset = output.WrittenCount;
                StringBlockCodec.Encode(column.DictionaryValues!, output);
                descriptor = descriptor with { Dictionary = output.EndChunk(offset) };
                output.FlushIfFull();
            }

            descriptors.Add(descriptor);
        }

        var blocks = new List<BlockDescriptor>();
        var blooms = new Dictionary<ColumnBuilder, ChunkRef>();
        var columnIndexes = new Dictionary<ColumnBuilder, int>(columns.Count);
        for (int c = 0; c < columns.Count; c++)
        {
            columnIndexes[columns[c]] = c;
        }

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
            blooms.Clear();
            for (int c = 0; c < columns.Count; c++)
            {
                if (columns[c].WriteChunk(output, c, start, rows, blooms, columnIndexes) is { } chunk)
                {
                    chunks.Add(chunk);
                }
            }

            blocks.Add(new BlockDescriptor(rows, blockMin, blockMax, chunks));
            output.FlushIfFull();
            minTime = Math.Min(minTime, blockMin);
            maxTime = Math.Max(maxTime, blockMax);
        }

        long length = output.Finish(app, day, descriptors, blocks);
        return count == 0
            ? new SegmentInfo(file, app, day, 0, 0, 0, length)
            : new SegmentInfo(file, app, day, count, minTime, maxTime, length);
    }

    /// <summary>One pass over the rows in segment order, reading each row's fields from its encoded batch
    /// and appending every value to its column; columns are found by the key's bytes.</summary>
    // Called once per seal with a loop over every row: compiled fully optimized at once, not left in
    // the on-stack-replacement variant that a rarely called method's hot loop otherwise runs.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<ColumnBuilder> Transpose(List<EncodedRow> rows, IReadOnlyList<byte[]> batches)
    {
        const int PrefetchAhead = 6;
        int rowCount = rows.Count;
        var time = new ColumnBuilder(SegmentFormat.TimeColumn, FieldKind.Long, rowCount);
        var receipt = new ColumnBuilder(SegmentFormat.ReceiptColumn, FieldKind.Long, rowCount);
        var name = new ColumnBuilder(SegmentFormat.NameColumn, FieldKind.String, rowCount) { AlwaysDictionary = true };
        var columns = new List<ColumnBuilder> { time, receipt, name };
        using var fieldColumns = new FieldColumns(rowCount, columns);
        for (int row = 0; row < rows.Count; row++)
        {
            if (row + PrefetchAhead < rowCount)
            {
                var ahead = rows[row + PrefetchAhead];
                RowPrefetch.Event(batches[ahead.Batch], ahead.Offset);
            }

            var at = rows[row];
            var reader = new EventBatchReader(batches[at.Batch], at.Offset);
            reader.ReadHeader(out _, out var eventName, out long timeUs, out long receiptUs, out int fieldCount);
            time.AddLong(row, timeUs);
            receipt.AddLong(row, receiptUs);
            name.AddUtf8(row, eventName);
            ColumnBuilder? textColumn = null;
            ReadOnlySpan<byte> previousText = default;
            for (int f = 0; f < fieldCount; f++)
            {
                var kind = reader.ReadField(out var key, out var text, out long bits);
                if (kind == FieldKind.Null)
                {
                    textColumn = null;
                    continue;
                }

                var column = fieldColumns.Of(f, key, kind);
                switch (kind)
                {
                    case FieldKind.String:
                        bool taken;
                        if (reader.FieldWasSuffix && textColumn is not null)
                        {
                            // The batch says so: no bytes compared. The previous text's column holds it in
                            // this row (it is null when a repeated key kept an earlier value instead).
                            int start = previousText.Length - text.Length;
                            taken = column.AddUtf8Suffix(row, text, textColumn, start);
                            if (taken && TermTokenizer.StartsAtTermBoundary(previousText, start))
                            {
                                column.NoteTermsWithin(textColumn);
                            }
                        }
                        else
                        {
                            taken = column.AddUtf8(row, text);
                        }

                        textColumn = taken ? column : null;
                        previousText = text;
                        break;
                    case FieldKind.Double:
                        column.AddDouble(row, BitConverter.Int64BitsToDouble(bits));
                        textColumn = null;
                        break;
                    case FieldKind.Bool:
                        column.AddBool(row, bits != 0);
                        textColumn = null;
                        break;
                    default:
                        column.AddLong(row, bits);
                        textColumn = null;
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
