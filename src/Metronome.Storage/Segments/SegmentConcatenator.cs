using System.Buffers;
using Metronome.Storage.Encoding;
using Metronome.Storage.Io;
using Metronome.Storage.Manifest;

namespace Metronome.Storage.Segments;

/// <summary>
/// Compaction of segments whose blocks are full: the merged segment is the sources' blocks one after
/// another, every chunk copied byte for byte (its CRC-32C checked on the way), only dictionary codes
/// rewritten into the merged dictionaries (<see cref="ConcatenationPlan"/>). Rows are not sorted again:
/// each block keeps its rows in segment order, and the segment is one run per source. Merging row by row
/// (<see cref="SegmentMerger"/>) costs about what sealing the rows again does, and a busy drain merges
/// every line once; what a merge is for, few files and full blocks, full blocks already have.
/// </summary>
internal static class SegmentConcatenator
{
    /// <summary>Sources whose blocks hold fewer rows than this on average (a quiet partition sealed every
    /// 30 s) are merged row by row instead, into full blocks.</summary>
    public const int MinAverageBlockRows = SegmentFormat.BlockRows / 4;

    /// <summary>Writes the concatenation of <paramref name="sources"/> to <paramref name="path"/>; null
    /// (nothing written) when they do not <see cref="Suits">suit</see> it or a term-indexed column would
    /// change encoding.</summary>
    public static SegmentInfo? TryConcatenate(IFileSystem fs, string path, string file, string app, string day, IReadOnlyList<Segment> sources)
    {
        if (!Suits(sources))
        {
            return null;
        }

        using var plan = ConcatenationPlan.TryCreate(sources);
        if (plan is null)
        {
            return null;
        }

        using var output = new SegmentOutput(fs.CreateAtomically(path));
        output.WriteHeader();
        var descriptors = new List<ColumnDescriptor>(plan.Columns.Count);
        foreach (var column in plan.Columns)
        {
            var descriptor = new ColumnDescriptor(column.Key, column.Kind, column.Encoding);
            if (column.Dictionary is { } values)
            {
                long offset = output.WrittenCount;
                StringBlockCodec.Encode(values, output);
                descriptor = descriptor with { Dictionary = output.EndChunk(offset) };
                output.FlushIfFull();
            }

            descriptors.Add(descriptor);
        }

        var blocks = new List<BlockDescriptor>();
        long rows = 0, minTime = long.MaxValue, maxTime = long.MinValue;
        for (int s = 0; s < sources.Count; s++)
        {
            // Blocks, and their pieces, are copied in file order: one pass over each source.
            using var reader = sources[s].OpenSequential(fs);
            foreach (var block in sources[s].Blocks)
            {
                blocks.Add(CopyBlock(output, sources[s], reader, s, block, plan));
                output.FlushIfFull();
                rows += block.Rows;
                minTime = Math.Min(minTime, block.MinTimeUs);
                maxTime = Math.Max(maxTime, block.MaxTimeUs);
            }
        }

        long length = output.Finish(app, day, descriptors, blocks);
        return rows == 0
            ? new SegmentInfo(file, app, day, 0, 0, 0, length)
            : new SegmentInfo(file, app, day, rows, minTime, maxTime, length);
    }

    /// <summary>True when every source's blocks are full enough to be kept as they are.</summary>
    private static bool Suits(IReadOnlyList<Segment> sources) =>
        sources.All(s => s.Blocks.Count == 0 || s.Info.Rows >= (long)MinAverageBlockRows * s.Blocks.Count);

    /// <summary>Writes one source block's pieces (presence bitmaps, values, term filters) in the order the
    /// source has them, each once: a chunk's own term filter still follows its values, and two chunks that
    /// share one (a message within its _raw) still do.</summary>
    private static BlockDescriptor CopyBlock(SegmentOutput output, Segment source, IReadableFile reader, int s, BlockDescriptor block, ConcatenationPlan plan)
    {
        var pieces = new List<ChunkRef>(block.Chunks.Count * 2);
        var recoded = new Dictionary<long, ColumnChunk>();
        foreach (var chunk in block.Chunks)
        {
            pieces.Add(chunk.Presence);
            pieces.Add(chunk.Values);
            pieces.Add(chunk.Bloom);
            if (source.Columns[chunk.Column].Encoding == ColumnEncoding.Dictionary
                && !plan.Columns[plan.ColumnMaps[s][chunk.Column]].KeepsCodes[s])
            {
                recoded[chunk.Values.Offset] = chunk;
            }
        }

        pieces.RemoveAll(p => p.IsEmpty);
        pieces.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        var moved = new Dictionary<long, ChunkRef>(pieces.Count);
        var codeRanges = new Dictionary<int, (long Min, long Max)>();
        foreach (var piece in pieces)
        {
            if (moved.ContainsKey(piece.Offset))
            {
                continue;
            }

            long offset = output.WrittenCount;
            if (recoded.TryGetValue(piece.Offset, out var chunk))
            {
                codeRanges[chunk.Column] = Recode(output, source, reader, s, chunk, plan);
                moved[piece.Offset] = output.EndChunk(offset);
            }
            else
            {
                source.ReadChunkInto(piece, output.GetSpan(piece.Length), reader);
                output.Advance(piece.Length);
                moved[piece.Offset] = piece with { Offset = offset };
            }
        }

        var map = plan.ColumnMaps[s];
        var chunks = new List<ColumnChunk>(block.Chunks.Count);
        foreach (var chunk in block.Chunks)
        {
            var (min, max) = codeRanges.TryGetValue(chunk.Column, out var range) ? range : (chunk.Min, chunk.Max);
            chunks.Add(new ColumnChunk(map[chunk.Column], chunk.PresentRows, Moved(chunk.Presence), Moved(chunk.Values), min, max, Moved(chunk.Bloom))
            {
                SuffixOf = chunk.SuffixOf < 0 ? -1 : map[chunk.SuffixOf],
            });
        }

        chunks.Sort((a, b) => a.Column.CompareTo(b.Column));
        return new BlockDescriptor(block.Rows, block.MinTimeUs, block.MaxTimeUs, chunks);

        ChunkRef Moved(ChunkRef piece) => piece.IsEmpty ? default : moved[piece.Offset];
    }

    /// <summary>Writes a dictionary chunk's codes as the merged dictionary's, or as text where the merged
    /// column is plain; returns the chunk's code range (0, 0 for text).</summary>
    private static (long Min, long Max) Recode(SegmentOutput output, Segment source, IReadableFile reader, int s, ColumnChunk chunk, ConcatenationPlan plan)
    {
        var column = plan.Columns[plan.ColumnMaps[s][chunk.Column]];
        byte[] encoded = source.ReadChunkPooled(chunk.Values, reader);
        long[] codes = ArrayPool<long>.Shared.Rent(Math.Max(1, chunk.PresentRows));
        try
        {
            var values = codes.AsSpan(0, chunk.PresentRows);
            if (IntegerCodec.Decode(encoded.AsSpan(0, chunk.Values.Length), values, out int consumed) != values.Length || consumed != chunk.Values.Length)
            {
                throw new CorruptDataException($"segment {source.Info.File}: a dictionary chunk of column {chunk.Column} does not hold its {values.Length} codes");
            }

            if (column.CodeMaps[s] is not { } map)
            {
                StringBlockCodec.EncodeUtf8(new CodedText(plan.SourceDictionary(source, s, chunk.Column), codes, values.Length), output);
                return (0, 0);
            }

            for (int i = 0; i < values.Length; i++)
            {
                long code = values[i];
                values[i] = (ulong)code < (ulong)map.Length
                    ? map[code]
                    : throw new CorruptDataException($"segment {source.Info.File}: code {code} of column {chunk.Column} is past its dictionary of {map.Length}");
            }

            var range = Kernels.MinMax(values);
            IntegerCodec.Encode(values, output);
            return range;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(encoded);
            ArrayPool<long>.Shared.Return(codes);
        }
    }

    /// <summary>A dictionary chunk's values as text: each code's entry.</summary>
    private readonly struct CodedText(Utf8Chunk dictionary, long[] codes, int count) : IUtf8Values
    {
        public int Count => count;

        public ReadOnlySpan<byte> this[int index] => dictionary.Utf8(codes[index]);
    }
}
