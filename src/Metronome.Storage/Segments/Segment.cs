using System.Buffers;
using System.Buffers.Binary;
using Metronome.Core.Events;
using Metronome.Core.Text;
using Metronome.Storage.Aggregation;
using Metronome.Storage.Checksums;
using Metronome.Storage.Encoding;
using Metronome.Storage.Io;
using Metronome.Storage.Manifest;
using Metronome.Storage.Scanning;

namespace Metronome.Storage.Segments;

/// <summary>
/// An open, immutable segment. Reads chunks on demand (checking each chunk's CRC-32C), caches the
/// decoded dictionaries, and answers scans and aggregations block by block, skipping blocks whose
/// time range, min/max codes or term bloom filters rule them out.
/// </summary>
internal sealed class Segment : IDisposable
{
    public const int TimeColumn = 0;
    public const int ReceiptColumn = 1;
    public const int NameColumn = 2;

    private readonly IReadableFile _file;
    private readonly string[]?[] _dictionaries;
    private readonly ulong[]?[] _dictionaryHashes;
    private readonly (double[], bool[])?[] _dictionaryNumbers;
    private readonly Dictionary<string, int[]>?[] _caseInsensitiveIndexes;
    private readonly Dictionary<string, List<int>> _columnsByKey = new(StringComparer.OrdinalIgnoreCase);

    private readonly StringPool? _strings;

    private Segment(SegmentInfo info, IReadableFile file, List<ColumnDescriptor> columns, List<BlockDescriptor> blocks, StringPool? strings)
    {
        Info = info;
        _file = file;
        _strings = strings;
        Columns = columns;
        Blocks = blocks;
        _dictionaries = new string[columns.Count][];
        _dictionaryHashes = new ulong[columns.Count][];
        _dictionaryNumbers = new (double[], bool[])?[columns.Count];
        _caseInsensitiveIndexes = new Dictionary<string, int[]>?[columns.Count];
        for (int c = NameColumn + 1; c < columns.Count; c++)
        {
            if (!_columnsByKey.TryGetValue(columns[c].Key, out var list))
            {
                _columnsByKey[columns[c].Key] = list = [];
            }

            list.Add(c);
        }
    }

    public SegmentInfo Info { get; }

    public IReadOnlyList<ColumnDescriptor> Columns { get; }

    public IReadOnlyList<BlockDescriptor> Blocks { get; }

    /// <summary>Opens a segment; dictionary entries are interned in <paramref name="strings"/> when given, so
    /// equal entries of different segments are one string (group keys then compare by reference).</summary>
    public static Segment Open(IFileSystem fs, SegmentInfo info, StringPool? strings = null)
    {
        string path = EventStore.SegmentPath(info.File);
        var file = fs.OpenRead(path);
        try
        {
            long length = file.Length;
            if (length < SegmentFormat.HeaderSize + SegmentFormat.TrailerSize)
            {
                throw new CorruptDataException($"segment {path} is too short ({length} bytes)");
            }

            Span<byte> header = stackalloc byte[SegmentFormat.HeaderSize];
            file.Read(0, header);
            Span<byte> trailer = stackalloc byte[SegmentFormat.TrailerSize];
            file.Read(length - SegmentFormat.TrailerSize, trailer);
            if (!header[..4].SequenceEqual(SegmentFormat.Magic) || !trailer[20..].SequenceEqual(SegmentFormat.Magic))
            {
                throw new CorruptDataException($"segment {path} has a bad magic number");
            }

            ushort version = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
            uint trailerVersion = BinaryPrimitives.ReadUInt32LittleEndian(trailer[16..]);
            if (version != trailerVersion || version is < SegmentFormat.OldestReadableVersion or > SegmentFormat.Version)
            {
                throw new CorruptDataException($"segment {path} has unsupported version {version} (trailer {trailerVersion})");
            }

            long footerOffset = BinaryPrimitives.ReadInt64LittleEndian(trailer);
            int footerLength = BinaryPrimitives.ReadInt32LittleEndian(trailer[8..]);
            uint footerCrc = BinaryPrimitives.ReadUInt32LittleEndian(trailer[12..]);
            if (footerOffset < SegmentFormat.HeaderSize || footerLength < 0 || footerOffset + footerLength > length - SegmentFormat.TrailerSize)
            {
                throw new CorruptDataException($"segment {path} has a footer outside the file");
            }

            byte[] footer = new byte[footerLength];
            file.Read(footerOffset, footer);
            if (Crc32C.Compute(footer) != footerCrc)
            {
                throw new CorruptDataException($"segment {path}: footer checksum mismatch at offset {footerOffset}");
            }

            var (_, _, columns, blocks) = SegmentFooter.Read(footer, version);
            return new Segment(info, file, columns, blocks, strings);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public bool Overlaps(ScanQuery query) =>
        string.Equals(Info.App, query.App, StringComparison.Ordinal)
        && Info.Rows > 0 && Info.MaxTimeUs >= query.FromUs && Info.MinTimeUs < query.ToUs;

    /// <summary>Physical columns holding a field (one per value kind seen).</summary>
    public IReadOnlyList<int> ColumnsFor(string field) =>
        field.Equals(FieldNames.Name, StringComparison.OrdinalIgnoreCase) ? [NameColumn]
        : _columnsByKey.TryGetValue(field, out var list) ? list : [];

    public string[] Dictionary(int column)
    {
        var cached = Volatile.Read(ref _dictionaries[column]);
        if (cached is not null)
        {
            return cached;
        }

        var decoded = StringBlockCodec.Decode(ReadChunk(Columns[column].Dictionary));
        if (_strings is not null)
        {
            for (int i = 0; i < decoded.Length; i++)
            {
                decoded[i] = _strings.Get(decoded[i]);
            }
        }

        Volatile.Write(ref _dictionaries[column], decoded);
        return decoded;
    }

    /// <summary>Dictionary codes by case-insensitive text, built once per segment, for equality filters
    /// (several entries can differ only by case).</summary>
    public Dictionary<string, int[]> CaseInsensitiveIndex(int column)
    {
        var cached = Volatile.Read(ref _caseInsensitiveIndexes[column]);
        if (cached is not null)
        {
            return cached;
        }

        var dictionary = Dictionary(column);
        var index = new Dictionary<string, int[]>(dictionary.Length, StringComparer.OrdinalIgnoreCase);
        for (int code = 0; code < dictionary.Length; code++)
        {
            index[dictionary[code]] = index.TryGetValue(dictionary[code], out var codes) ? [.. codes, code] : [code];
        }

        Volatile.Write(ref _caseInsensitiveIndexes[column], index);
        return index;
    }

    /// <summary>The distinct-count hash of every dictionary entry, computed once per segment.</summary>
    public ulong[] DictionaryHashes(int column)
    {
        var cached = Volatile.Read(ref _dictionaryHashes[column]);
        if (cached is not null)
        {
            return cached;
        }

        var hashes = Array.ConvertAll(Dictionary(column), Hash64.Hash);
        Volatile.Write(ref _dictionaryHashes[column], hashes);
        return hashes;
    }

    /// <summary>Every dictionary entry read as a number where it is numeric text (aggregates read numbers
    /// from text), computed once per segment.</summary>
    public (double[] Values, bool[] IsNumber) DictionaryNumbers(int column)
    {
        lock (_dictionaryNumbers)
        {
            if (_dictionaryNumbers[column] is { } cached)
            {
                return cached;
            }

            var dictionary = Dictionary(column);
            var values = new double[dictionary.Length];
            var isNumber = new bool[dictionary.Length];
            for (int i = 0; i < dictionary.Length; i++)
            {
                isNumber[i] = FieldValue.From(dictionary[i]).TryGetNumberOrParse(out values[i]);
            }

            _dictionaryNumbers[column] = (values, isNumber);
            return (values, isNumber);
        }
    }

    public byte[] ReadChunk(ChunkRef chunk)
    {
        byte[] data = new byte[chunk.Length];
        ReadChunkInto(chunk, data);
        return data;
    }

    /// <summary>Reads a chunk into the start of <paramref name="destination"/> and checks its CRC-32C: every
    /// chunk read goes through here.</summary>
    public void ReadChunkInto(ChunkRef chunk, Span<byte> destination) => ReadChunkInto(chunk, destination, _file);

    /// <summary>The same, read from <paramref name="file"/>: this segment's file opened otherwise
    /// (<see cref="OpenSequential"/>).</summary>
    public void ReadChunkInto(ChunkRef chunk, Span<byte> destination, IReadableFile file)
    {
        var data = destination[..chunk.Length];
        file.Read(chunk.Offset, data);
        CheckCrc(chunk, data);
    }

    /// <summary>This segment's file opened again to be read once from front to back (a merge copying
    /// its chunks): past the page cache where the file system can.</summary>
    public IReadableFile OpenSequential(IFileSystem fs) => fs.OpenSequentialRead(EventStore.SegmentPath(Info.File));

    /// <summary>Reads a chunk into a pooled buffer (its first <see cref="ChunkRef.Length"/> bytes) after
    /// checking its CRC-32C; the caller returns the buffer to <see cref="ArrayPool{T}.Shared"/>.</summary>
    public byte[] ReadChunkPooled(ChunkRef chunk, IReadableFile? file = null)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, chunk.Length));
        try
        {
            ReadChunkInto(chunk, buffer, file ?? _file);
            return buffer;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public ColumnChunk? ChunkOf(BlockDescriptor block, int column)
    {
        foreach (var chunk in block.Chunks)
        {
            if (chunk.Column == column)
            {
                return chunk;
            }
        }

        return null;
    }

    /// <summary>Decodes one column of one block into row-aligned arrays, rented from the shared pools:
    /// hot paths hand them back with <see cref="ColumnVector.Release"/> once the block is done. Text stored as
    /// the ends of another column's values reads that column from <paramref name="columns"/> (the block's
    /// columns a caller keeps) when given.</summary>
    public ColumnVector Decode(BlockDescriptor block, int column, BlockColumns? columns = null)
    {
        var chunk = ChunkOf(block, column);
        if (chunk is null)
        {
            return ColumnVector.Absent;
        }

        var descriptor = Columns[column];
        int rows = block.Rows;
        bool[]? present = null;
        if (chunk.PresentRows < rows)
        {
            present = ArrayPool<bool>.Shared.Rent(rows);
            WithChunk(chunk.Presence, bits =>
            {
                for (int i = 0; i < rows; i++)
                {
                    present[i] = (bits[i >> 3] & (1 << (i & 7))) != 0;
                }
            });
        }

        switch (descriptor.Encoding)
        {
            case ColumnEncoding.Integer:
            case ColumnEncoding.Dictionary:
            {
                var dense = ArrayPool<long>.Shared.Rent(chunk.PresentRows);
                WithChunk(chunk.Values, data => IntegerCodec.Decode(data, dense));
                return new ColumnVector(descriptor.Encoding, rows)
                {
                    AnyPresent = true,
                    Present = present,
                    Longs = Spread(dense, present, rows, -1),
                    Dictionary = descriptor.Encoding == ColumnEncoding.Dictionary ? Dictionary(column) : null,
                };
            }

            case ColumnEncoding.Double:
            {
                var dense = ArrayPool<double>.Shared.Rent(chunk.PresentRows);
                WithChunk(chunk.Values, data => DoubleCodec.Decode(data, dense));
                return new ColumnVector(descriptor.Encoding, rows) { AnyPresent = true, Present = present, Doubles = Spread(dense, present, rows, 0) };
            }

            case ColumnEncoding.Bool:
            {
                var dense = ArrayPool<bool>.Shared.Rent(chunk.PresentRows);
                int count = chunk.PresentRows;
                WithChunk(chunk.Values, data =>
                {
                    for (int i = 0; i < count; i++)
                    {
                        dense[i] = (data[i >> 3] & (1 << (i & 7))) != 0;
                    }
                });
                return new ColumnVector(descriptor.Encoding, rows) { AnyPresent = true, Present = present, Bools = Spread(dense, present, rows, false) };
            }

            default:
            {
                string[] dense = DecodeStrings(block, column, columns);
                return new ColumnVector(descriptor.Encoding, rows) { AnyPresent = true, Present = present, Strings = SpreadStrings(dense, present, rows) };
            }
        }
    }

    /// <summary>Events of the blocks that may match, filtered exactly.</summary>
    public IEnumerable<Event> Scan(ScanQuery query)
    {
        // One pruning per scan: it resolves dictionary filters once, not once per block.
        var pruning = new SegmentPruning(this, query);
        foreach (var block in Blocks)
        {
            if (!pruning.BlockMayMatch(block))
            {
                continue;
            }

            foreach (var e in Materialize(block))
            {
                if (EventMatcher.Matches(e, query))
                {
                    yield return e;
                }
            }
        }
    }

    public void Aggregate(AggregateQuery query, GroupTable table, ScanCounters counters) =>
        new SegmentAggregator(this, query, table, counters).Run();

    /// <summary>Rebuilds the events of a block (for raw scans and the row path).</summary>
    public List<Event> Materialize(BlockDescriptor block)
    {
        int rows = block.Rows;
        var vectors = DecodeAll(block);

        var events = new List<Event>(rows);
        var fields = new List<KeyValuePair<string, FieldValue>>();
        for (int r = 0; r < rows; r++)
        {
            fields.Clear();
            for (int c = NameColumn + 1; c < Columns.Count; c++)
            {
                if (vectors[c].IsPresent(r))
                {
                    fields.Add(new(Columns[c].Key, vectors[c].Value(r)));
                }
            }

            events.Add(new Event(Info.App, vectors[NameColumn].Value(r).AsString, vectors[TimeColumn].Longs![r], vectors[ReceiptColumn].Longs![r], fields.ToArray()));
        }

        Release(vectors);
        return events;
    }

    /// <summary>Every column of a block, decoded (the row paths read whole events); a message stored within
    /// _raw is read from the same decoded _raw.</summary>
    private ColumnVector[] DecodeAll(BlockDescriptor block)
    {
        var vectors = new ColumnVector[Columns.Count];
        var columns = new BlockColumns(this);
        columns.Reset(block);
        try
        {
            for (int c = 0; c < Columns.Count; c++)
            {
                vectors[c] = Decode(block, c, columns);
            }
        }
        finally
        {
            columns.Release();
        }

        return vectors;
    }

    /// <summary>A plain text column's values in one block, as strings.</summary>
    private string[] DecodeStrings(BlockDescriptor block, int column, BlockColumns? columns)
    {
        if (columns is not null && columns.Block != block)
        {
            throw new ArgumentException("The columns are of another block.", nameof(columns));
        }

        var owner = columns ?? new BlockColumns(this);
        if (columns is null)
        {
            owner.Reset(block);
        }

        try
        {
            var text = owner[column].Text;
            var strings = new string[text.Count];
            for (int i = 0; i < strings.Length; i++)
            {
                strings[i] = text.String(i);
            }

            return strings;
        }
        finally
        {
            if (columns is null)
            {
                owner.Release();
            }
        }
    }

    private static void Release(ColumnVector[] vectors)
    {
        foreach (var vector in vectors)
        {
            vector.Release();
        }
    }

    /// <summary>Reads every chunk and checks its checksum and decoding; one message per problem.</summary>
    public IEnumerable<string> Verify()
    {
        var problems = new List<string>();
        try
        {
            for (int c = 0; c < Columns.Count; c++)
            {
                if (Columns[c].Encoding == ColumnEncoding.Dictionary)
                {
                    Dictionary(c);
                }
            }

            long rows = 0;
            foreach (var block in Blocks)
            {
                rows += Materialize(block).Count;
            }

            if (rows != Info.Rows)
            {
                problems.Add($"segment {Info.File}: {rows} rows, the manifest says {Info.Rows}");
            }
        }
        catch (CorruptDataException ex)
        {
            problems.Add(ex.Message);
        }

        return problems;
    }

    public void Dispose() => _file.Dispose();

    /// <summary>Row-aligned values from the present ones; pooled arrays in, pooled arrays out.</summary>
    private static T[] Spread<T>(T[] dense, bool[]? present, int rows, T missing)
    {
        if (present is null)
        {
            return dense;
        }

        var result = ArrayPool<T>.Shared.Rent(rows);
        int d = 0;
        for (int i = 0; i < rows; i++)
        {
            result[i] = present[i] ? dense[d++] : missing;
        }

        ArrayPool<T>.Shared.Return(dense);
        return result;
    }

    private static string?[] SpreadStrings(string[] dense, bool[]? present, int rows)
    {
        if (present is null)
        {
            return dense;
        }

        var result = new string?[rows];
        int d = 0;
        for (int i = 0; i < rows; i++)
        {
            result[i] = present[i] ? dense[d++] : null;
        }

        return result;
    }

    /// <summary>Reads a chunk into a pooled buffer, checks its CRC-32C and lends it to <paramref name="use"/>.</summary>
    private void WithChunk(ChunkRef chunk, ReadOnlySpanAction use)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(chunk.Length);
        try
        {
            var data = buffer.AsSpan(0, chunk.Length);
            ReadChunkInto(chunk, data);
            use(data);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private delegate void ReadOnlySpanAction(ReadOnlySpan<byte> data);

    private void CheckCrc(ChunkRef chunk, ReadOnlySpan<byte> data)
    {
        if (Crc32C.Compute(data) != chunk.Crc)
        {
            throw new CorruptDataException($"segment {Info.File}: chunk checksum mismatch at offset {chunk.Offset}");
        }
    }
}
