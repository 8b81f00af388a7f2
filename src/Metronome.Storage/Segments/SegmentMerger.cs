using Metronome.Core.Events;
using Metronome.Storage.Encoding;
using Metronome.Storage.Io;
using Metronome.Storage.Manifest;

namespace Metronome.Storage.Segments;

/// <summary>
/// Merges segments of one partition into one (compaction) column by column. Only the name and time
/// columns are read to put the rows in segment order; then each output column is filled from the same
/// column of every source, one decoded block per source at a time. The input is never held as rows or
/// strings: a merge of millions of rows otherwise made gigabytes of short-lived arrays (and the kernel
/// time to zero their pages). The segment is the one writing the sources' events would give, but that a
/// message found to be the end of its _raw by comparing bytes is stored as one even where the batches
/// sealed into the sources had not said so (segments written before such chunks existed among them).
/// </summary>
internal static class SegmentMerger
{
    public static SegmentInfo Merge(IFileSystem fs, string path, string file, string app, string day, IReadOnlyList<Segment> sources)
    {
        var blockStarts = sources.Select(MergeSourceColumn.BlockStarts).ToArray();
        var (times, sourceOf, rowOf) = Order(sources, blockStarts);
        int count = times.Length;
        var built = new List<ColumnBuilder>();
        try
        {
            ColumnBuilder Column(string key, FieldKind kind, bool alwaysDictionary = false)
            {
                var builder = new ColumnBuilder(key, kind, count) { AlwaysDictionary = alwaysDictionary };
                built.Add(builder);
                return builder;
            }

            int Fill(ColumnBuilder builder, int[] sourceColumns, ColumnBuilder? termSource = null, SuffixSource? suffixSource = null) =>
                FillColumn(builder, sourceColumns, termSource, suffixSource, sources, blockStarts, sourceOf, rowOf);

            var time = Column(SegmentFormat.TimeColumn, FieldKind.Long);
            for (int r = 0; r < count; r++)
            {
                time.AddLong(r, times[r]);
            }

            time.Finish();
            var receipt = Column(SegmentFormat.ReceiptColumn, FieldKind.Long);
            Fill(receipt, [.. sources.Select(_ => Segment.ReceiptColumn)]);
            var name = Column(SegmentFormat.NameColumn, FieldKind.String, alwaysDictionary: true);
            Fill(name, [.. sources.Select(_ => Segment.NameColumn)]);

            var fieldColumns = FieldColumns(sources);
            var builders = fieldColumns.Select(f => Column(f.Key.Key, f.Key.Kind)).ToList();
            var suffixSources = SuffixSources(fieldColumns, sources);
            var firsts = new int[fieldColumns.Count];
            // A column others' values are the ends of is filled first: theirs refer to its rows.
            foreach (int f in Enumerable.Range(0, fieldColumns.Count).OrderBy(f => Array.IndexOf(suffixSources, f) >= 0 ? 0 : 1))
            {
                int termSource = SharedTermSource(f, fieldColumns, sources);
                int suffixSource = suffixSources[f];
                firsts[f] = Fill(
                    builders[f],
                    fieldColumns[f].Value,
                    termSource < 0 ? null : builders[termSource],
                    suffixSource < 0 ? null : new SuffixSource(fieldColumns[suffixSource].Value, builders[suffixSource]));
            }

            var fields = new List<(ColumnBuilder Builder, int FirstRow, int SourceColumn)>();
            for (int f = 0; f < fieldColumns.Count; f++)
            {
                int first = firsts[f];
                fields.Add((builders[f], first, first < 0 ? -1 : fieldColumns[f].Value[sourceOf[first]]));
            }

            // Field columns in the order sealing the merged rows would give them: by the first row with a
            // value, then in that row's source column order. A column without values would not be made.
            List<ColumnBuilder> columns =
            [
                time, receipt, name,
                .. fields.Where(f => f.FirstRow >= 0).OrderBy(f => f.FirstRow).ThenBy(f => f.SourceColumn).Select(f => f.Builder),
            ];
            return SegmentWriter.Write(fs, path, file, app, day, times, columns);
        }
        finally
        {
            foreach (var builder in built)
            {
                builder.Dispose();
            }
        }
    }

    /// <summary>The merged rows in segment order (name, time; ties keep the sources' order, then each
    /// source's row order): each row's time, source and row in the source.</summary>
    private static (long[] Times, int[] SourceOf, int[] RowOf) Order(IReadOnlyList<Segment> sources, int[][] blockStarts)
    {
        var ranks = SegmentOrder.NameRanks([.. sources.Select(s => s.Dictionary(Segment.NameColumn))], out int nameCount);
        var rows = new List<EncodedRow>(checked((int)sources.Sum(s => (long)s.Info.Rows)));
        long sequence = 0;
        for (int s = 0; s < sources.Count; s++)
        {
            var segment = sources[s];
            for (int b = 0; b < segment.Blocks.Count; b++)
            {
                var block = segment.Blocks[b];
                var names = new BlockColumn(segment, block, Segment.NameColumn);
                var blockTimes = new BlockColumn(segment, block, Segment.TimeColumn);
                try
                {
                    if (!names.AllPresent || !blockTimes.AllPresent)
                    {
                        throw new CorruptDataException($"segment {segment.Info.File}: a block lacks names or times for some rows");
                    }

                    var codes = names.Longs;
                    var timeValues = blockTimes.Longs;
                    for (int i = 0; i < block.Rows; i++)
                    {
                        rows.Add(new EncodedRow(ranks[s][codes[i]], timeValues[i], sequence++, s, blockStarts[s][b] + i));
                    }
                }
                finally
                {
                    names.Release();
                    blockTimes.Release();
                }
            }
        }

        SegmentOrder.Sort(rows, nameCount);
        var times = new long[rows.Count];
        var sourceOf = new int[rows.Count];
        var rowOf = new int[rows.Count];
        for (int r = 0; r < rows.Count; r++)
        {
            (times[r], sourceOf[r], rowOf[r]) = (rows[r].TimeUs, rows[r].Batch, rows[r].Offset);
        }

        return (times, sourceOf, rowOf);
    }

    /// <summary>The union of the sources' field columns by (key, kind), each with its column in every
    /// source (-1 where the source has none), in order of first sight.</summary>
    private static List<KeyValuePair<(string Key, FieldKind Kind), int[]>> FieldColumns(IReadOnlyList<Segment> sources)
    {
        var columns = new List<KeyValuePair<(string Key, FieldKind Kind), int[]>>();
        var index = new Dictionary<(string Key, FieldKind Kind), int[]>();
        for (int s = 0; s < sources.Count; s++)
        {
            var descriptors = sources[s].Columns;
            for (int c = Segment.NameColumn + 1; c < descriptors.Count; c++)
            {
                var id = (descriptors[c].Key, descriptors[c].Kind);
                if (!index.TryGetValue(id, out var sourceColumns))
                {
                    index[id] = sourceColumns = new int[sources.Count];
                    Array.Fill(sourceColumns, -1);
                    columns.Add(new(id, sourceColumns));
                }

                sourceColumns[s] = c;
            }
        }

        return columns;
    }

    /// <summary>The field column whose term index field column <paramref name="f"/> shares in every source
    /// that has it (a log line's message within its _raw), or -1. Sealing shares one only when every
    /// value is the end of the other column's value in its row, cut between terms; merged rows keep both
    /// values, so the merged column can share it too instead of tokenizing the same words again.</summary>
    private static int SharedTermSource(int f, List<KeyValuePair<(string Key, FieldKind Kind), int[]>> fieldColumns, IReadOnlyList<Segment> sources)
    {
        int shared = -1;
        for (int s = 0; s < sources.Count; s++)
        {
            int column = fieldColumns[f].Value[s];
            if (column < 0)
            {
                continue;
            }

            int termSource = TermSourceIn(sources[s], column);
            int output = termSource < 0 ? -1 : fieldColumns.FindIndex(c => c.Value[s] == termSource);
            if (output < 0 || (shared >= 0 && output != shared))
            {
                return -1;
            }

            shared = output;
        }

        return shared;
    }

    /// <summary>The column of <paramref name="segment"/> whose term index <paramref name="column"/>'s
    /// chunks share in every block, or -1.</summary>
    private static int TermSourceIn(Segment segment, int column)
    {
        int termSource = -1;
        foreach (var block in segment.Blocks)
        {
            var chunk = segment.ChunkOf(block, column);
            if (chunk is null)
            {
                continue;
            }

            int sharing = TermIndexSharedWith(block, chunk);
            if (sharing < 0 || (termSource >= 0 && sharing != termSource))
            {
                return -1;
            }

            termSource = sharing;
        }

        return termSource;
    }

    /// <summary>The column of <paramref name="block"/> whose term index <paramref name="chunk"/> shares (a
    /// message within its _raw), or -1. A chunk's own index is written right after its values.</summary>
    private static int TermIndexSharedWith(BlockDescriptor block, ColumnChunk chunk) =>
        chunk.Bloom.IsEmpty || chunk.Bloom.Offset == chunk.Values.Offset + chunk.Values.Length
            ? -1
            : block.Chunks.FirstOrDefault(c => c.Column != chunk.Column && c.Bloom == chunk.Bloom)?.Column ?? -1;

    /// <summary>For each field column, the field column whose value in the same row its values end (a log
    /// line's message within its _raw), as the sources tell: the column their chunks stored that way name,
    /// or for sources written before such chunks existed, the one their chunks share a term index with
    /// (sealing shared it only where every value was the end of that column's). -1 where they name none or
    /// several; a column that is another's source has none, so references never chain.</summary>
    private static int[] SuffixSources(List<KeyValuePair<(string Key, FieldKind Kind), int[]>> fieldColumns, IReadOnlyList<Segment> sources)
    {
        var named = new int[fieldColumns.Count];
        for (int f = 0; f < named.Length; f++)
        {
            named[f] = fieldColumns[f].Key.Kind == FieldKind.String ? NamedSuffixSource(f, fieldColumns, sources) : -1;
        }

        var result = new int[named.Length];
        for (int f = 0; f < named.Length; f++)
        {
            result[f] = named[f] >= 0 && named[named[f]] < 0 ? named[f] : -1;
        }

        return result;
    }

    /// <summary>The one field column every source's chunks of field column <paramref name="f"/> name as their
    /// suffix source (or share a term index with), or -1.</summary>
    private static int NamedSuffixSource(int f, List<KeyValuePair<(string Key, FieldKind Kind), int[]>> fieldColumns, IReadOnlyList<Segment> sources)
    {
        int named = -1;
        for (int s = 0; s < sources.Count; s++)
        {
            int column = fieldColumns[f].Value[s];
            if (column < 0)
            {
                continue;
            }

            foreach (var block in sources[s].Blocks)
            {
                if (sources[s].ChunkOf(block, column) is not { } chunk)
                {
                    continue;
                }

                int source = chunk.SuffixOf >= 0 ? chunk.SuffixOf : TermIndexSharedWith(block, chunk);
                if (source < 0)
                {
                    continue;
                }

                int output = fieldColumns.FindIndex(c => c.Value[s] == source);
                if (output < 0 || output == f || (named >= 0 && output != named))
                {
                    return -1;
                }

                named = output;
            }
        }

        return named;
    }

    /// <summary>Adds every output row's value of one column, taken from <paramref name="sourceColumns"/>
    /// (the column in each source, -1 for none), each noted as lying within its row's value of
    /// <paramref name="termSource"/> when given, and added as the end of its row's value of
    /// <paramref name="suffixSource"/> where it is one; returns the first output row with a value, or -1.</summary>
    private static int FillColumn(ColumnBuilder builder, int[] sourceColumns, ColumnBuilder? termSource, SuffixSource? suffixSource, IReadOnlyList<Segment> sources, int[][] blockStarts, int[] sourceOf, int[] rowOf)
    {
        var readers = new MergeSourceColumn?[sources.Count];
        try
        {
            for (int s = 0; s < sources.Count; s++)
            {
                if (sourceColumns[s] >= 0)
                {
                    readers[s] = new MergeSourceColumn(sources[s], sourceColumns[s], blockStarts[s], suffixSource?.SourceColumns[s] ?? -1, suffixSource?.Output);
                }
            }

            // Text that will mostly be references to another column's needs no room for its bytes.
            if (builder.Kind == FieldKind.String && suffixSource is null)
            {
                ReserveText(builder, sourceColumns, sources);
            }

            int first = -1;
            for (int r = 0; r < sourceOf.Length; r++)
            {
                if (readers[sourceOf[r]] is { } reader && reader.CopyTo(builder, r, rowOf[r]))
                {
                    builder.NoteTermsWithin(termSource);
                    first = first < 0 ? r : first;
                }
            }

            builder.Finish();
            return first;
        }
        finally
        {
            foreach (var reader in readers)
            {
                reader?.Dispose();
            }
        }
    }

    /// <summary>The output column a column's values may be the ends of, filled already, and that column in
    /// every source (-1 where a source lacks it).</summary>
    private sealed record SuffixSource(int[] SourceColumns, ColumnBuilder Output);

    /// <summary>The sources' plain chunks of the column tell how many bytes of text the merged column
    /// gets: room for them at once, instead of doubling through every size into fresh memory.</summary>
    private static void ReserveText(ColumnBuilder builder, int[] sourceColumns, IReadOnlyList<Segment> sources)
    {
        long bytes = 0, values = 0;
        for (int s = 0; s < sources.Count; s++)
        {
            int column = sourceColumns[s];
            if (column < 0 || sources[s].Columns[column].Encoding != ColumnEncoding.Plain)
            {
                continue;
            }

            foreach (var block in sources[s].Blocks)
            {
                if (sources[s].ChunkOf(block, column) is { SuffixOf: < 0 } chunk)
                {
                    bytes += chunk.Values.Length;
                    values += chunk.PresentRows;
                }
            }
        }

        if (values > 0)
        {
            builder.ReserveText(bytes, values);
        }
    }
}
