using System.Buffers;
using Metronome.Core.Events;
using Metronome.Storage.Scanning;

namespace Metronome.Storage.Segments;

/// <summary>
/// A projected scan of one segment: per block that may match, decodes the time columns, narrows the
/// rows with the query's filters (dictionary filters by code, presence filters from the presence bits
/// alone) and hands out only the requested fields. Plain text is hashed from its UTF-8 bytes and only
/// turned into strings when a caller asks for a value. Blocks it cannot filter column by column
/// (search terms, filters on the time fields) are materialized and matched as events.
/// </summary>
internal sealed class SegmentColumnScan
{
    private readonly Segment _segment;
    private readonly ScanQuery _query;
    private readonly IReadOnlyList<string> _fields;
    private readonly SegmentPruning _pruning;
    /// <summary>The current block's columns read as they are stored (text as UTF-8), each once.</summary>
    private readonly BlockColumns _columns;
    private readonly Dictionary<int, ColumnVector> _vectors = [];
    private readonly List<Array> _rented = [];

    public SegmentColumnScan(Segment segment, ScanQuery query, IReadOnlyList<string> fields)
    {
        _segment = segment;
        _query = query;
        _fields = fields;
        _pruning = new SegmentPruning(segment, query);
        _columns = new BlockColumns(segment);
    }

    public IEnumerable<ColumnBlock> Blocks()
    {
        bool byEvents = _query.Terms.Count > 0
            || _query.Filters.Any(f => IsTimeField(f.Field))
            || _fields.Any(f => IsSystemField(f) && !f.Equals(FieldNames.Name, StringComparison.OrdinalIgnoreCase));
        foreach (var block in _segment.Blocks)
        {
            if (!_pruning.BlockMayMatch(block))
            {
                continue;
            }

            if (byEvents)
            {
                var events = _segment.Materialize(block).Where(e => EventMatcher.Matches(e, _query)).ToList();
                if (events.Count > 0)
                {
                    yield return EventColumns.Block(events, _fields);
                }

                continue;
            }

            try
            {
                if (Project(block) is { } projected)
                {
                    yield return projected;
                }
            }
            finally
            {
                Release();
            }
        }
    }

    private ColumnBlock? Project(BlockDescriptor block)
    {
        _columns.Reset(block);
        int rows = block.Rows;
        var times = Decode(block, Segment.TimeColumn).Longs!;
        var selection = Rent<int>(rows);
        int count = 0;
        for (int r = 0; r < rows; r++)
        {
            if (times[r] >= _query.FromUs && times[r] < _query.ToUs)
            {
                selection[count++] = r;
            }
        }

        foreach (var filter in _query.Filters)
        {
            if (count == 0)
            {
                return null;
            }

            count = Narrow(block, filter, selection, count);
        }

        if (count == 0)
        {
            return null;
        }

        var columns = new FieldColumn[_fields.Count];
        for (int f = 0; f < columns.Length; f++)
        {
            columns[f] = Column(block, _segment.ColumnsFor(_fields[f]));
        }

        return new ColumnBlock(count, selection, times, () => Decode(block, Segment.ReceiptColumn).Longs!, columns);
    }

    /// <summary>Keeps the selected rows that pass <paramref name="filter"/>; returns how many.</summary>
    private int Narrow(BlockDescriptor block, FieldFilter filter, int[] selection, int count)
    {
        if (filter.Field.Equals(FieldNames.App, StringComparison.OrdinalIgnoreCase))
        {
            return EventMatcher.Matches(FieldValue.From(_segment.Info.App), filter) ? count : 0;
        }

        var columns = _segment.ColumnsFor(filter.Field).Where(c => _segment.ChunkOf(block, c) is not null).ToList();
        if (columns.Count == 0)
        {
            return EventMatcher.Matches(FieldValue.Null, filter) ? count : 0;
        }

        if (filter.Op is FilterOp.Exists or FilterOp.Missing)
        {
            var present = Presence(block, columns);
            bool wanted = filter.Op == FilterOp.Exists;
            return present is null ? (wanted ? count : 0) : Keep(selection, count, row => present[row] == wanted);
        }

        if (columns.Count == 1 && _segment.Columns[columns[0]].Encoding == ColumnEncoding.Dictionary)
        {
            var codes = _pruning.MatchingCodes(filter, columns[0]);
            var longs = Decode(block, columns[0]).Longs!;
            return Keep(selection, count, row => longs[row] >= 0 && codes[longs[row]]);
        }

        var value = RowValues(block, columns);
        return Keep(selection, count, row => EventMatcher.Matches(value(row), filter));
    }

    private static int Keep(int[] selection, int count, Func<int, bool> keep)
    {
        int kept = 0;
        for (int s = 0; s < count; s++)
        {
            int row = selection[s];
            if (keep(row))
            {
                selection[kept++] = row;
            }
        }

        return kept;
    }

    /// <summary>Which rows have a value in any of the columns; null when every row has one.</summary>
    private bool[]? Presence(BlockDescriptor block, IReadOnlyList<int> columns)
    {
        int rows = block.Rows;
        bool[]? present = null;
        foreach (int column in columns)
        {
            var chunk = _segment.ChunkOf(block, column);
            if (chunk is null)
            {
                continue;
            }

            if (chunk.PresentRows == rows)
            {
                return null;
            }

            present ??= Cleared<bool>(rows);
            var bits = _segment.ReadChunk(chunk.Presence);
            for (int r = 0; r < rows; r++)
            {
                present[r] |= (bits[r >> 3] & (1 << (r & 7))) != 0;
            }
        }

        return present ?? Cleared<bool>(rows);
    }

    private FieldColumn Column(BlockDescriptor block, IReadOnlyList<int> columns)
    {
        var withChunks = columns.Where(c => _segment.ChunkOf(block, c) is not null).ToList();
        if (withChunks.Count == 0)
        {
            return FieldColumn.Absent;
        }

        if (withChunks.Count == 1 && _segment.Columns[withChunks[0]].Encoding == ColumnEncoding.Dictionary)
        {
            int column = withChunks[0];
            return new FieldColumn(Decode(block, column).Longs!, _segment.Dictionary(column), _segment.DictionaryHashes(column));
        }

        if (withChunks.Count == 1 && _segment.Columns[withChunks[0]].Encoding == ColumnEncoding.Plain)
        {
            return PlainColumn(block, withChunks[0]);
        }

        int rows = block.Rows;
        var hashes = Rent<ulong>(rows);
        var present = Cleared<bool>(rows);
        foreach (int column in withChunks)
        {
            Hash(block, column, hashes, present);
        }

        Func<int, FieldValue>? values = null;
        return new FieldColumn(present, hashes, row =>
        {
            values ??= RowValues(block, withChunks);
            return values(row);
        });
    }

    /// <summary>
    /// A text column whose strings are made only for the rows a caller asks about, from the block's UTF-8
    /// bytes (kept in pooled buffers until the scan moves on). Decoding all of a 65,536-row block up front
    /// kept that many strings alive at once, and every collection in the meantime copied them to an older
    /// generation: a scan of long lines (<c>_raw</c>) spent most of its time there.
    /// </summary>
    private FieldColumn PlainColumn(BlockDescriptor block, int column)
    {
        int rows = block.Rows;
        var values = _columns[column];
        var text = values.Text;
        var dense = Rent<int>(rows);
        var present = Rent<bool>(rows);
        for (int r = 0; r < rows; r++)
        {
            dense[r] = values.DenseIndex(r);
            present[r] = dense[r] >= 0;
        }

        return new FieldColumn(present, row => FieldValueHash.Of(text.Utf8(dense[row])), row => text.String(dense[row]));
    }

    /// <summary>Hashes one physical column's values into the rows that have one.</summary>
    private void Hash(BlockDescriptor block, int column, ulong[] hashes, bool[] present)
    {
        int rows = block.Rows;
        if (_segment.Columns[column].Encoding == ColumnEncoding.Plain)
        {
            var values = _columns[column];
            var text = values.Text;
            for (int r = 0; r < rows; r++)
            {
                int d = values.DenseIndex(r);
                if (d >= 0)
                {
                    hashes[r] = FieldValueHash.Of(text.Utf8(d));
                    present[r] = true;
                }
            }

            return;
        }

        var vector = Decode(block, column);
        var dictionaryHashes = vector.Encoding == ColumnEncoding.Dictionary ? _segment.DictionaryHashes(column) : null;
        for (int r = 0; r < rows; r++)
        {
            if (vector.IsPresent(r))
            {
                hashes[r] = vector.Encoding switch
                {
                    ColumnEncoding.Integer => FieldValueHash.Of(vector.Longs![r]),
                    ColumnEncoding.Dictionary => dictionaryHashes![vector.Longs![r]],
                    _ => FieldValueHash.Of(vector.Value(r)),
                };
                present[r] = true;
            }
        }
    }

    /// <summary>Each row's value of a field stored in one or several physical columns (one per kind; a
    /// row has a value in at most one of them).</summary>
    private Func<int, FieldValue> RowValues(BlockDescriptor block, IReadOnlyList<int> columns)
    {
        if (columns.Count == 1)
        {
            var vector = Decode(block, columns[0]);
            return vector.Value;
        }

        var merged = new FieldValue[block.Rows];
        foreach (int column in columns)
        {
            var part = Decode(block, column);
            for (int r = 0; r < merged.Length; r++)
            {
                if (part.IsPresent(r))
                {
                    merged[r] = part.Value(r);
                }
            }
        }

        return row => merged[row];
    }

    /// <summary>Decodes a column of the current block once, however many filters and fields read it.</summary>
    private ColumnVector Decode(BlockDescriptor block, int column)
    {
        if (!_vectors.TryGetValue(column, out var vector))
        {
            vector = _segment.Decode(block, column, _columns);
            _vectors[column] = vector;
        }

        return vector;
    }

    private T[] Rent<T>(int length)
    {
        var array = ArrayPool<T>.Shared.Rent(length);
        _rented.Add(array);
        return array;
    }

    private T[] Cleared<T>(int length)
    {
        var array = Rent<T>(length);
        Array.Clear(array, 0, length);
        return array;
    }

    private void Release()
    {
        foreach (var vector in _vectors.Values)
        {
            vector.Release();
        }

        foreach (var array in _rented)
        {
            switch (array)
            {
                case int[] ints:
                    ArrayPool<int>.Shared.Return(ints);
                    break;
                case ulong[] hashes:
                    ArrayPool<ulong>.Shared.Return(hashes);
                    break;
                case bool[] bools:
                    ArrayPool<bool>.Shared.Return(bools);
                    break;
                case byte[] bytes:
                    ArrayPool<byte>.Shared.Return(bytes);
                    break;
            }
        }

        _vectors.Clear();
        _rented.Clear();
        _columns.Release();
    }

    private static bool IsTimeField(string field) =>
        field.Equals(FieldNames.MessageTime, StringComparison.OrdinalIgnoreCase) || field.Equals(FieldNames.ReceiptTime, StringComparison.OrdinalIgnoreCase);

    private static bool IsSystemField(string field) =>
        IsTimeField(field) || field.Equals(FieldNames.App, StringComparison.OrdinalIgnoreCase) || field.Equals(FieldNames.Name, StringComparison.OrdinalIgnoreCase);
}
