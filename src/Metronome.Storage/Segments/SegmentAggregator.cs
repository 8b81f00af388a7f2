using System.Buffers;
using System.Runtime.CompilerServices;
using Metronome.Core.Events;
using Metronome.Storage.Aggregation;
using Metronome.Storage.Encoding;
using Metronome.Storage.Scanning;

namespace Metronome.Storage.Segments;

/// <summary>
/// Columnar aggregation over one segment, block by block: filters narrow a selection of rows (the most
/// selective column first, dictionary filters as a set of matching codes, sparse columns tested only
/// where they have values), group keys map the selected rows to slots (<see cref="SegmentGroups"/>), and
/// each aggregate's input is gathered as numbers or distinct-count hashes and fed to the slot's shared
/// accumulators. Queries it cannot run columnar (search terms, more than three keys, keys or
/// aggregates on system fields) take the row path over materialized events.
/// </summary>
internal sealed class SegmentAggregator
{
    private readonly Segment _segment;
    private readonly AggregateQuery _query;
    private readonly GroupTable _table;
    private readonly ScanCounters _counters;
    private readonly SegmentPruning _pruning;
    private readonly bool _anyCount;
    private readonly bool _countsOnly;

    public SegmentAggregator(Segment segment, AggregateQuery query, GroupTable table, ScanCounters counters)
    {
        _segment = segment;
        _query = query;
        _table = table;
        _counters = counters;
        _pruning = new SegmentPruning(segment, query.Scan);
        _anyCount = query.Aggregates.Any(a => a.Kind == AggregateKind.Count);
        _countsOnly = query.Aggregates.All(a => a.Kind == AggregateKind.Count);
    }

    public void Run()
    {
        var parts = CanRunColumnar() ? CreateParts() : null;
        if (parts is null)
        {
            RunRows();
            return;
        }

        using var groups = new SegmentGroups(parts, _table);
        var columns = new BlockColumns(_segment);
        try
        {
            foreach (var block in _segment.Blocks)
            {
                if (_pruning.BlockMayMatch(block))
                {
                    columns.Reset(block);
                    RunBlock(columns, groups);
                }
            }
        }
        finally
        {
            columns.Release();
        }

        groups.FlushCounts(_query.Aggregates);
    }

    private bool CanRunColumnar() =>
        _query.Scan.Terms.Count == 0 && _query.GroupBy.Count <= 3
        && _query.Aggregates.All(a => a.Field is null || !IsSystemField(a.Field));

    private static bool IsSystemField(string field) =>
        field.Equals(FieldNames.App, StringComparison.OrdinalIgnoreCase) || IsTimeField(field);

    private static bool IsTimeField(string field) =>
        field.Equals(FieldNames.MessageTime, StringComparison.OrdinalIgnoreCase)
        || field.Equals(FieldNames.ReceiptTime, StringComparison.OrdinalIgnoreCase);

    /// <summary>The key parts of the query's group keys; null when one needs the row path.</summary>
    private KeyPart[]? CreateParts()
    {
        var parts = new KeyPart[_query.GroupBy.Count];
        for (int i = 0; i < parts.Length; i++)
        {
            if (CreatePart(_query.GroupBy[i]) is not { } part)
            {
                return null;
            }

            parts[i] = part;
        }

        return parts;
    }

    /// <summary>The key part for one group key; null when only the row path can group by it.</summary>
    private KeyPart? CreatePart(GroupKey key)
    {
        if (key is TimeBucketKey bucket)
        {
            return new TimeBucketKeyPart(_segment, bucket, _query.Scan.FromUs, _query.Scan.ToUs);
        }

        string field = ((FieldGroupKey)key).Field;
        if (field.Equals(FieldNames.App, StringComparison.OrdinalIgnoreCase))
        {
            return new ConstantKeyPart(FieldValue.From(_segment.Info.App));
        }

        if (IsTimeField(field))
        {
            return null;
        }

        var columns = _segment.ColumnsFor(field);
        if (columns.Count == 0)
        {
            return new ConstantKeyPart(FieldValue.Null);
        }

        return columns.Count > 1 ? new ValueKeyPart(_segment, columns)
            : _segment.Columns[columns[0]].Encoding switch
            {
                ColumnEncoding.Dictionary => new DictionaryKeyPart(_segment, columns[0]),
                ColumnEncoding.Integer => new IntegerKeyPart(_segment, columns[0]),
                _ => new ValueKeyPart(_segment, columns),
            };
    }

    private void RunBlock(BlockColumns columns, SegmentGroups groups)
    {
        var block = columns.Block;
        using var selection = new BlockSelection(block.Rows);
        _counters.Scanned += block.Rows;
        if (block.MinTimeUs < _query.Scan.FromUs || block.MaxTimeUs >= _query.Scan.ToUs)
        {
            var times = columns[Segment.TimeColumn];
            selection.Keep(times, new LongInRange(times.Longs, _query.Scan.FromUs, _query.Scan.ToUs));
        }

        foreach (var filter in FilterOrder(block))
        {
            if (selection.Count == 0)
            {
                return;
            }

            ApplyFilter(filter, selection, columns);
        }

        int count = selection.Count;
        if (count == 0)
        {
            return;
        }

        _counters.Matched += count;
        int blockSlot = groups.BlockSlot(columns);
        if (blockSlot >= 0 && _countsOnly)
        {
            groups.Counts[blockSlot] += count;
            return;
        }

        int[] slots = ArrayPool<int>.Shared.Rent(count);
        try
        {
            if (blockSlot >= 0)
            {
                slots.AsSpan(0, count).Fill(blockSlot);
            }
            else
            {
                groups.Slots(selection, columns, slots);
            }

            if (_anyCount)
            {
                var counts = groups.Counts;
                foreach (int slot in slots.AsSpan(0, count))
                {
                    counts[slot]++;
                }
            }

            for (int a = 0; a < _query.Aggregates.Count; a++)
            {
                if (_query.Aggregates[a].Kind != AggregateKind.Count)
                {
                    Feed(a, selection, columns, slots, blockSlot, groups.AccumulatorsOf(a));
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(slots);
        }
    }

    /// <summary>The filters, those on the sparsest columns first: a filter selects at most the rows its
    /// column has values for, and later filters only look at what is left.</summary>
    private IEnumerable<FieldFilter> FilterOrder(BlockDescriptor block)
    {
        var filters = _query.Scan.Filters;
        if (filters.Count < 2)
        {
            return filters;
        }

        return filters.Select((f, i) => (Filter: f, Rows: MostRows(block, f), Index: i))
            .OrderBy(x => x.Rows).ThenBy(x => x.Index).Select(x => x.Filter);
    }

    private long MostRows(BlockDescriptor block, FieldFilter filter)
    {
        if (filter.Op == FilterOp.Missing || filter.Field.Equals(FieldNames.App, StringComparison.OrdinalIgnoreCase) || IsTimeField(filter.Field))
        {
            return block.Rows;
        }

        long rows = 0;
        foreach (int column in _segment.ColumnsFor(filter.Field))
        {
            rows += _segment.ChunkOf(block, column)?.PresentRows ?? 0;
        }

        return rows;
    }

    private void ApplyFilter(FieldFilter filter, BlockSelection selection, BlockColumns columns)
    {
        if (filter.Field.Equals(FieldNames.App, StringComparison.OrdinalIgnoreCase))
        {
            if (!EventMatcher.Matches(FieldValue.From(_segment.Info.App), filter))
            {
                selection.Clear();
            }

            return;
        }

        if (IsTimeField(filter.Field))
        {
            var times = columns[filter.Field.Equals(FieldNames.MessageTime, StringComparison.OrdinalIgnoreCase) ? Segment.TimeColumn : Segment.ReceiptColumn];
            var values = times.Longs;
            selection.KeepRows(row => EventMatcher.Matches(FieldValue.From(values[times.DenseIndex(row)] / 1000), filter));
            return;
        }

        var fieldColumns = _segment.ColumnsFor(filter.Field);
        if (fieldColumns.Count == 0)
        {
            if (filter.Op != FilterOp.Missing)
            {
                selection.Clear();
            }

            return;
        }

        if (fieldColumns.Count > 1)
        {
            selection.KeepRows(row => EventMatcher.Matches(ValueKeyPart.RowValue(columns, fieldColumns, row), filter));
            return;
        }

        var column = columns[fieldColumns[0]];
        switch (filter.Op)
        {
            case FilterOp.Exists:
                selection.KeepPresence(column, present: true);
                return;
            case FilterOp.Missing:
                selection.KeepPresence(column, present: false);
                return;
        }

        if (column.Encoding == ColumnEncoding.Dictionary)
        {
            var codes = _pruning.MatchingCodes(filter, column.Column);
            if (column.AllPresent && column.Chunk!.Min == column.Chunk.Max && (ulong)column.Chunk.Min < (ulong)codes.Length && codes[column.Chunk.Min])
            {
                return; // every row holds the one matching value
            }

            selection.Keep(column, new CodeIn(column.Longs, codes));
        }
        else if (filter.Op == FilterOp.Range && column.Encoding is ColumnEncoding.Integer or ColumnEncoding.Double
            && filter.Values[0].TryGetNumber(out double lo) && filter.Values[1].TryGetNumber(out double hi))
        {
            if (column.Encoding == ColumnEncoding.Integer)
            {
                selection.Keep(column, new NumberInRange(column.Longs, lo, hi));
            }
            else
            {
                selection.Keep(column, new DoubleInRange(column.Doubles, lo, hi));
            }
        }
        else if (filter.Op == FilterOp.In && column.Encoding == ColumnEncoding.Integer && IntegerCandidates(filter) is { } candidates)
        {
            selection.Keep(column, new LongIn(column.Longs, candidates));
        }
        else
        {
            selection.Keep(column, new ValueMatches(column, filter));
        }
    }

    /// <summary>The integers an <see cref="FilterOp.In"/> filter's values equal (as
    /// <see cref="EventMatcher.ValuesEqual"/> decides for a Long), or null when that is not a plain set:
    /// a number equals the integer of the same value, a text only the integer it is the invariant decimal
    /// form of (the comparison is by text then), anything else none. Beyond 2^53 doubles are not exact: null.</summary>
    private static long[]? IntegerCandidates(FieldFilter filter)
    {
        var result = new List<long>(filter.Values.Count);
        foreach (var value in filter.Values)
        {
            if (value.TryGetNumber(out double number))
            {
                if (Math.Abs(number) >= 9_007_199_254_740_992d)
                {
                    return null;
                }

                if (number == Math.Floor(number))
                {
                    result.Add((long)number);
                }
            }
            else if (value.Kind == FieldKind.String
                && long.TryParse(value.AsString, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out long n)
                && n.ToString(System.Globalization.CultureInfo.InvariantCulture) == value.AsString)
            {
                result.Add(n);
            }
        }

        return [.. result];
    }

    /// <summary>Feeds one aggregate's input for the selected rows to their slots' accumulators (all to one
    /// when the whole block is one slot: then the loop keeps that accumulator at hand).</summary>
    private void Feed(int aggregate, BlockSelection selection, BlockColumns columns, int[] slots, int blockSlot, Accumulator[] accumulators)
    {
        var spec = _query.Aggregates[aggregate];
        if (spec.Field is null)
        {
            return;
        }

        var fieldColumns = _segment.ColumnsFor(spec.Field);
        if (fieldColumns.Count == 0)
        {
            return;
        }

        var inputs = new AggregateInputs(_segment, columns, fieldColumns, selection);
        try
        {
            if (spec.Kind is AggregateKind.CountDistinct or AggregateKind.ApproxCountDistinct)
            {
                var (positions, hashes, count) = inputs.Hashes();
                if (spec.Kind == AggregateKind.CountDistinct)
                {
                    if (blockSlot >= 0)
                    {
                        Unsafe.As<DistinctAccumulator>(accumulators[blockSlot]).AddHashes(hashes.AsSpan(0, count));
                        return;
                    }

                    for (int k = 0; k < count; k++)
                    {
                        Unsafe.As<DistinctAccumulator>(accumulators[slots[positions[k]]]).AddHash(hashes[k]);
                    }
                }
                else
                {
                    for (int k = 0; k < count; k++)
                    {
                        Unsafe.As<ApproxDistinctAccumulator>(accumulators[slots[positions[k]]]).AddHash(hashes[k]);
                    }
                }

                return;
            }

            var (where, numbers, found) = inputs.Numbers();
            switch (spec.Kind)
            {
                case AggregateKind.Quantiles or AggregateKind.QuantilesNearestRank:
                    for (int k = 0; k < found; k++)
                    {
                        Unsafe.As<QuantileAccumulator>(accumulators[slots[where[k]]]).AddNumber(numbers[k]);
                    }

                    break;
                case AggregateKind.ApproxQuantiles:
                    for (int k = 0; k < found; k++)
                    {
                        Unsafe.As<ApproxQuantileAccumulator>(accumulators[slots[where[k]]]).AddNumber(numbers[k]);
                    }

                    break;
                default:
                    for (int k = 0; k < found; k++)
                    {
                        Unsafe.As<NumericAccumulator>(accumulators[slots[where[k]]]).AddNumber(numbers[k]);
                    }

                    break;
            }
        }
        finally
        {
            inputs.Dispose();
        }
    }

    private void RunRows()
    {
        var aggregator = new RowAggregator(_query, _table);
        foreach (var block in _segment.Blocks)
        {
            if (!_pruning.BlockMayMatch(block))
            {
                continue;
            }

            foreach (var e in _segment.Materialize(block))
            {
                _counters.Scanned++;
                if (EventMatcher.Matches(e, _query.Scan))
                {
                    _counters.Matched++;
                    aggregator.Add(e);
                }
            }
        }
    }

    private readonly struct LongInRange(long[] values, long from, long to) : IDensePredicate
    {
        public bool Keep(int dense) => values[dense] >= from && values[dense] < to;
    }

    private readonly struct NumberInRange(long[] values, double lo, double hi) : IDensePredicate
    {
        public bool Keep(int dense) => values[dense] >= lo && values[dense] < hi;
    }

    private readonly struct DoubleInRange(double[] values, double lo, double hi) : IDensePredicate
    {
        public bool Keep(int dense) => values[dense] >= lo && values[dense] < hi;
    }

    private readonly struct CodeIn(long[] codes, bool[] matching) : IDensePredicate
    {
        public bool Keep(int dense)
        {
            long code = codes[dense];
            return (ulong)code < (ulong)matching.Length
                ? matching[code]
                : throw new CorruptDataException($"a dictionary code {code} is outside its {matching.Length} entries");
        }
    }

    private readonly struct LongIn(long[] values, long[] candidates) : IDensePredicate
    {
        public bool Keep(int dense)
        {
            // A plain loop: the lists are a few values long, where Array.IndexOf's call costs more than the search.
            long value = values[dense];
            foreach (long candidate in candidates)
            {
                if (candidate == value)
                {
                    return true;
                }
            }

            return false;
        }
    }

    private readonly struct ValueMatches(BlockColumn column, FieldFilter filter) : IDensePredicate
    {
        public bool Keep(int dense) => EventMatcher.Matches(column.Value(dense), filter);
    }
}
