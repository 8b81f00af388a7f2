using Metronome.Core.Events;
using Metronome.Storage.Encoding;

namespace Metronome.Storage.Segments;

/// <summary>
/// How the columns of segments being concatenated map onto the merged segment's: the union of the
/// sources' columns by (key, kind), in order of first sight after the fixed ones, and for text columns
/// the merged encoding. A column stays a dictionary when every source has it as one and the sources'
/// dictionaries together still pass the rule sealing applies (at most half as many distinct values as
/// values, or at most 16); its codes are then mapped into the merged dictionary (sorted like every
/// dictionary, so the mapping keeps code order). Otherwise it is plain, and a source's dictionary chunks
/// are written out as text. A term-indexed column (<c>_raw</c>, <c>message</c>) that would need that has
/// no term index to copy: such sources are merged row by row instead (<see cref="TryCreate"/> gives null).
/// </summary>
internal sealed class ConcatenationPlan : IDisposable
{
    private const double DictionaryMaxDistinctRatio = 0.5;

    private readonly Utf8Chunk?[][] _sourceDictionaries;

    private ConcatenationPlan(List<OutputColumn> columns, int[][] columnMaps)
    {
        Columns = columns;
        ColumnMaps = columnMaps;
        _sourceDictionaries = [.. columnMaps.Select(m => new Utf8Chunk?[m.Length])];
    }

    /// <summary>The merged segment's columns.</summary>
    public IReadOnlyList<OutputColumn> Columns { get; }

    /// <summary>Per source, its column c's index in the merged segment.</summary>
    public int[][] ColumnMaps { get; }

    /// <summary>The plan for <paramref name="sources"/>, or null when a term-indexed column would have to
    /// change encoding.</summary>
    public static ConcatenationPlan? TryCreate(IReadOnlyList<Segment> sources)
    {
        var columns = new List<OutputColumn>
        {
            new(SegmentFormat.TimeColumn, FieldKind.Long, sources.Count),
            new(SegmentFormat.ReceiptColumn, FieldKind.Long, sources.Count),
            new(SegmentFormat.NameColumn, FieldKind.String, sources.Count),
        };
        var index = new Dictionary<(string Key, FieldKind Kind), int>();
        var maps = new int[sources.Count][];
        for (int s = 0; s < sources.Count; s++)
        {
            var descriptors = sources[s].Columns;
            var map = maps[s] = new int[descriptors.Count];
            for (int c = 0; c < descriptors.Count; c++)
            {
                int output = c;
                if (c > Segment.NameColumn && !index.TryGetValue((descriptors[c].Key, descriptors[c].Kind), out output))
                {
                    output = columns.Count;
                    index[(descriptors[c].Key, descriptors[c].Kind)] = output;
                    columns.Add(new OutputColumn(descriptors[c].Key, descriptors[c].Kind, sources.Count));
                }

                map[c] = output;
                columns[output].SourceColumns[s] = c;
            }
        }

        for (int o = 0; o < columns.Count; o++)
        {
            if (!columns[o].Choose(sources, alwaysDictionary: o == Segment.NameColumn))
            {
                return null;
            }
        }

        return new ConcatenationPlan(columns, maps);
    }

    /// <summary>Source <paramref name="source"/>'s dictionary of its column <paramref name="column"/> as
    /// UTF-8, for writing its codes out as text; read once, released with the plan.</summary>
    public Utf8Chunk SourceDictionary(Segment segment, int source, int column) =>
        _sourceDictionaries[source][column] ??= Utf8Chunk.Read(segment, segment.Columns[column].Dictionary);

    public void Dispose()
    {
        foreach (var chunk in _sourceDictionaries.SelectMany(d => d))
        {
            chunk?.Release();
        }
    }

    /// <summary>One column of the merged segment: its column in each source (-1: none), its encoding, and
    /// for a dictionary its values and each source's code mapping.</summary>
    internal sealed class OutputColumn
    {
        public OutputColumn(string key, FieldKind kind, int sources)
        {
            Key = key;
            Kind = kind;
            SourceColumns = new int[sources];
            Array.Fill(SourceColumns, -1);
            CodeMaps = new int[sources][];
            KeepsCodes = new bool[sources];
        }

        public string Key { get; }

        public FieldKind Kind { get; }

        public int[] SourceColumns { get; }

        public ColumnEncoding Encoding { get; private set; }

        /// <summary>The merged dictionary, sorted ordinally (dictionary columns only).</summary>
        public string[]? Dictionary { get; private set; }

        /// <summary>Per source: its code → the merged code (dictionary columns only).</summary>
        public int[]?[] CodeMaps { get; }

        /// <summary>Per source: its codes are the merged ones (its dictionary is the merged one, as a name
        /// column's often is), so its chunks are copied as they are.</summary>
        public bool[] KeepsCodes { get; }

        /// <summary>Picks the encoding (see the class); false when a term-indexed column's would change.</summary>
        public bool Choose(IReadOnlyList<Segment> sources, bool alwaysDictionary)
        {
            var encodings = new HashSet<ColumnEncoding>();
            long present = 0;
            for (int s = 0; s < sources.Count; s++)
            {
                int column = SourceColumns[s];
                if (column < 0)
                {
                    continue;
                }

                encodings.Add(sources[s].Columns[column].Encoding);
                foreach (var block in sources[s].Blocks)
                {
                    present += sources[s].ChunkOf(block, column)?.PresentRows ?? 0;
                }
            }

            if (encodings.Count > 1 && encodings.Any(e => e is not (ColumnEncoding.Dictionary or ColumnEncoding.Plain)))
            {
                throw new CorruptDataException($"column {Key} ({Kind}) has encodings {string.Join(", ", encodings)} in the segments merged");
            }

            Encoding = encodings.Count == 1 ? encodings.Single() : ColumnEncoding.Plain;
            if (Encoding == ColumnEncoding.Dictionary)
            {
                var merged = MergeDictionaries(sources);
                if (alwaysDictionary || merged.Length <= 16 || merged.Length <= present * DictionaryMaxDistinctRatio)
                {
                    Dictionary = merged;
                    MapCodes(sources, merged);
                }
                else
                {
                    Encoding = ColumnEncoding.Plain;
                }
            }

            bool textChanges = Encoding == ColumnEncoding.Plain && encodings.Contains(ColumnEncoding.Dictionary);
            return !(textChanges && TermBloom.IsIndexed(Key));
        }

        private string[] MergeDictionaries(IReadOnlyList<Segment> sources)
        {
            var values = new HashSet<string>(StringComparer.Ordinal);
            for (int s = 0; s < sources.Count; s++)
            {
                if (SourceColumns[s] >= 0)
                {
                    values.UnionWith(sources[s].Dictionary(SourceColumns[s]));
                }
            }

            var sorted = values.ToArray();
            Array.Sort(sorted, StringComparer.Ordinal);
            return sorted;
        }

        private static bool IsIdentity(int[] map)
        {
            for (int i = 0; i < map.Length; i++)
            {
                if (map[i] != i)
                {
                    return false;
                }
            }

            return true;
        }

        private void MapCodes(IReadOnlyList<Segment> sources, string[] merged)
        {
            var codes = new Dictionary<string, int>(merged.Length, StringComparer.Ordinal);
            for (int i = 0; i < merged.Length; i++)
            {
                codes[merged[i]] = i;
            }

            for (int s = 0; s < sources.Count; s++)
            {
                if (SourceColumns[s] >= 0)
                {
                    var map = CodeMaps[s] = [.. sources[s].Dictionary(SourceColumns[s]).Select(v => codes[v])];
                    KeepsCodes[s] = IsIdentity(map);
                }
            }
        }
    }
}
