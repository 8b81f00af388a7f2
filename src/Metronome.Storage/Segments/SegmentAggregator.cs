using Metronome.Core.Events;
using Metronome.Core.Time;
using Metronome.Storage.Aggregation;
using Metronome.Storage.Scanning;

namespace Metronome.Storage.Segments;

/// <summary>
/// Columnar aggregation over one segment: decodes only the columns the query touches, filters into a
/// selection vector (dictionary filters test a precomputed code set), maps each selected row to a local
/// group slot (dictionary codes index slots directly) and feeds the slot's accumulators. Local groups
/// are merged into the shared table once per segment. Blocks whose rows all fall into one time bucket
/// are counted without reading a row. Queries it cannot run columnar (search terms, a field stored
/// with several types) take the row path over materialized events.
/// </summary>
internal sealed class SegmentAggregator
{
    private readonly Segment _segment;
    private readonly AggregateQuery _query;
    private readonly GroupTable _table;
    private readonly ScanCounters _counters;
    private readonly SegmentPruning _pruning;
    private readonly KeyPart[] _parts;
    private readonly bool _countOnly;
    private readonly Dictionary<(int, int, int), int> _slotOf = [];
    private readonly List<(int, int, int)> _slotKeys = [];
    private readonly List<Accumulator[]> _slotAccumulators = [];
    private long[] _slotCounts = new long[64];
    private int[]? _slotOfCode;

    /// <summary>Vectors decoded for the current block; their pooled arrays go back when it is done.</summary>
    private readonly List<ColumnVector> _blockVectors = [];

    public SegmentAggregator(Segment segment, AggregateQuery query, GroupTable table, ScanCounters counters)
    {
        _segment = segment;
        _query = query;
        _table = table;
        _counters = counters;
        _pruning = new SegmentPruning(segment, query.Scan);
        _parts = query.GroupBy.Select(CreatePart).ToArray();
        _countOnly = query.Aggregates.All(a => a.Kind == AggregateKind.Count);
    }

    public void Run()
    {
        if (!CanRunColumnar())
        {
            RunRows();
            return;
        }

        if (_parts.Length == 1 && _parts[0].Column is int column && _segment.Columns[column].Encoding == ColumnEncoding.Dictionary)
        {
            _slotOfCode = new int[_segment.Dictionary(column).Length + 1];
            Array.Fill(_slotOfCode, -1);
        }

        foreach (var block in _segment.Blocks)
        {
            if (_pruning.BlockMayMatch(block))
            {
                RunBlock(block);
            }
        }

        Flush();
    }

    private bool CanRunColumnar()
    {
        if (_query.Scan.Terms.Count > 0 || _parts.Length > 3 || _parts.Any(p => p.Unsupported))
        {
            return false;
        }

        return _query.Aggregates.All(a => a.Field is null || !IsSystemField(a.Field));
    }

    private static bool IsSystemField(string field) =>
        field.Equals(FieldNames.App, StringComparison.OrdinalIgnoreCase)
        || field.Equals(FieldNames.MessageTime, StringComparison.OrdinalIgnoreCase)
        || field.Equals(FieldNames.ReceiptTime, StringComparison.OrdinalIgnoreCase);

    private KeyPart CreatePart(GroupKey key)
    {
        if (key is TimeBucketKey bucket)
        {
            return new KeyPart { Bucketer = new TimeBucketer(bucket.WidthUs, bucket.Zone) };
        }

        string field = ((FieldGroupKey)key).Field;
        if (field.Equals(FieldNames.App, StringComparison.OrdinalIgnoreCase))
        {
            return new KeyPart { Constant = FieldValue.From(_segment.Info.App) };
        }

        var columns = _segment.ColumnsFor(field);
        return IsSystemField(field) ? new KeyPart { Unsupported = true }
            : columns.Count == 0 ? new KeyPart { Constant = FieldValue.Null }
            : columns.Count == 1 ? new KeyPart { Column = columns[0] }
            : new KeyPart { Field = field };
    }

    private void RunBlock(BlockDescriptor block)
    {
        try
        {
            RunBlockColumns(block);
        }
        finally
        {
            foreach (var vector in _blockVectors)
            {
                vector.Release();
            }

            _blockVectors.Clear();
        }
    }

    private ColumnVector Decode(BlockDescriptor block, int column)
    {
        var vector = _segment.Decode(block, column);
        _blockVectors.Add(vector);
        return vector;
    }

    private void RunBlockColumns(BlockDescriptor block)
    {
        int rows = block.Rows;
        int[]? selection = null;
        int count = rows;
        ColumnVector? times = null;
        if (block.MinTimeUs < _query.Scan.FromUs || block.MaxTimeUs >= _query.Scan.ToUs)
        {
            times = Decode(block, Segment.TimeColumn);
            selection = new int[rows];
            count = 0;
            var t = times.Longs!;
            for (int r = 0; r < rows; r++)
            {
                if (t[r] >= _query.Scan.FromUs && t[r] < _query.Scan.ToUs)
                {
                    selection[count++] = r;
                }
            }
        }

        _counters.Scanned += rows;
        foreach (var filter in _query.Scan.Filters)
        {
            if (count == 0)
            {
                break;
            }

            ApplyFilter(block, filter, ref selection, ref count);
        }

        if (count == 0)
        {
            return;
        }

        _counters.Matched += count;
        if (_countOnly && _parts.All(p => p.Bucketer is not null || (p.Column is null && p.Field is null)))
        {
            // Every selected row has the same key when the block's rows share each time bucket.
            if (_parts.All(p => p.Bucketer is null || p.Bucketer.BucketStartUs(block.MinTimeUs) == p.Bucketer.BucketStartUs(block.MaxTimeUs)))
            {
                int slot = SlotFor(block.MinTimeUs);
                _slotCounts[slot] += count;
                return;
            }
        }

        AccumulateRows(block, selection, count, times);
    }

    private int SlotFor(long timeUs)
    {
        var key = (0, 0, 0);
        for (int i = 0; i < _parts.Length; i++)
        {
            int id = _parts[i].Bucketer is { } bucketer ? _parts[i].IdOf(bucketer.BucketStartUs(timeUs)) : 0;
            key = WithPart(key, i, id);
        }

        return Slot(key);
    }

    private void AccumulateRows(BlockDescriptor block, int[]? selection, int count, ColumnVector? times)
    {
        var partVectors = new ColumnVector?[_parts.Length];
        for (int i = 0; i < _parts.Length; i++)
        {
            if (_parts[i].Column is int column)
            {
                partVectors[i] = Decode(block, column);
            }
            else if (_parts[i].Field is { } field)
            {
                partVectors[i] = DecodeField(block, field);
            }
            else if (_parts[i].Bucketer is not null)
            {
                times ??= Decode(block, Segment.TimeColumn);
            }
        }

        var inputs = new ColumnVector?[_query.Aggregates.Count];
        var distinctHashes = new (ulong[] Hashes, bool[] Present)?[_query.Aggregates.Count];
        for (int a = 0; a < inputs.Length; a++)
        {
            var spec = _query.Aggregates[a];
            if (spec.Field is null)
            {
                continue;
            }

            if (spec.Kind is AggregateKind.CountDistinct or AggregateKind.ApproxCountDistinct)
            {
                distinctHashes[a] = _segment.DistinctHashes(block, _segment.ColumnsFor(spec.Field));
            }
            else
            {
                inputs[a] = DecodeField(block, spec.Field);
            }
        }

        try
        {
            AccumulateSelected(selection, count, times, partVectors, inputs, distinctHashes);
        }
        finally
        {
            foreach (var hashes in distinctHashes)
            {
                if (hashes is var (h, p))
                {
                    System.Buffers.ArrayPool<ulong>.Shared.Return(h);
                    System.Buffers.ArrayPool<bool>.Shared.Return(p);
                }
            }
        }
    }

    private void AccumulateSelected(int[]? selection, int count, ColumnVector? times, ColumnVector?[] partVectors, ColumnVector?[] inputs, (ulong[] Hashes, bool[] Present)?[] distinctHashes)
    {
        for (int s = 0; s < count; s++)
        {
            int row = selection is null ? s : selection[s];
            int slot;
            if (_slotOfCode is not null)
            {
                var vector = partVectors[0]!;
                int id = vector.IsPresent(row) ? (int)vector.Longs![row] + 1 : 0;
                slot = _slotOfCode[id];
                if (slot < 0)
                {
                    slot = _slotOfCode[id] = Slot((id, 0, 0));
                }
            }
            else
            {
                var key = (0, 0, 0);
                for (int i = 0; i < _parts.Length; i++)
                {
                    var part = _parts[i];
                    int id = part.Bucketer is { } bucketer ? part.IdOf(bucketer.BucketStartUs(times!.Longs![row]))
                        : partVectors[i] is { } vector ? (vector.IsPresent(row) ? (vector.Encoding == ColumnEncoding.Dictionary ? (int)vector.Longs![row] + 1 : part.IdOf(vector.Value(row))) : 0)
                        : 0;
                    key = WithPart(key, i, id);
                }

                slot = Slot(key);
            }

            if (_countOnly)
            {
                _slotCounts[slot]++;
                continue;
            }

            var accumulators = _slotAccumulators[slot];
            for (int a = 0; a < accumulators.Length; a++)
            {
                if (distinctHashes[a] is var (hashes, present))
                {
                    if (present[row])
                    {
                        if (accumulators[a] is DistinctAccumulator exact)
                        {
                            exact.AddHash(hashes[row]);
                        }
                        else
                        {
                            ((ApproxDistinctAccumulator)accumulators[a]).AddHash(hashes[row]);
                        }
                    }

                    continue;
                }

                Feed(accumulators[a], inputs[a], row);
            }
        }
    }

    private static void Feed(Accumulator accumulator, ColumnVector? input, int row)
    {
        switch (accumulator)
        {
            case CountAccumulator count:
                count.AddRows(1);
                break;
            case NumericAccumulator numeric:
                if (input is not null && input.TryNumber(row, out double x))
                {
                    numeric.AddNumber(x);
                }

                break;
            case QuantileAccumulator quantiles:
                if (input is not null && input.TryNumber(row, out double q))
                {
                    quantiles.AddNumber(q);
                }

                break;
            case ApproxQuantileAccumulator sketch:
                if (input is not null && input.TryNumber(row, out double a))
                {
                    sketch.AddNumber(a);
                }

                break;
            case DistinctAccumulator distinct:
                if (input is null || !input.IsPresent(row))
                {
                    break;
                }

                if (input.Encoding == ColumnEncoding.Dictionary && input.Merged is null)
                {
                    distinct.AddHash(input.DictionaryHashes![input.Longs![row]]);
                }
                else
                {
                    distinct.Add(input.Value(row));
                }

                break;
            default:
                if (input is not null)
                {
                    accumulator.Add(input.Value(row));
                }

                break;
        }
    }

    private ColumnVector? DecodeField(BlockDescriptor block, string field)
    {
        var columns = _segment.ColumnsFor(field);
        return columns.Count switch
        {
            0 => null,
            1 => Decode(block, columns[0]),
            _ => ColumnVector.Merge(columns.Select(c => Decode(block, c)).ToList(), block.Rows),
        };
    }

    private void ApplyFilter(BlockDescriptor block, FieldFilter filter, ref int[]? selection, ref int count)
    {
        if (filter.Field.Equals(FieldNames.App, StringComparison.OrdinalIgnoreCase))
        {
            if (!EventMatcher.Matches(FieldValue.From(_segment.Info.App), filter))
            {
                count = 0;
            }

            return;
        }

        var columns = _segment.ColumnsFor(filter.Field);
        bool isTime = filter.Field.Equals(FieldNames.MessageTime, StringComparison.OrdinalIgnoreCase) || filter.Field.Equals(FieldNames.ReceiptTime, StringComparison.OrdinalIgnoreCase);
        if (isTime)
        {
            var materialized = _segment.Materialize(block);
            Narrow(ref selection, ref count, block.Rows, row => EventMatcher.Matches(materialized[row], filter));
            return;
        }

        if (columns.Count == 0)
        {
            if (filter.Op != FilterOp.Missing)
            {
                count = 0;
            }

            return;
        }

        if (columns.Count > 1)
        {
            var merged = DecodeField(block, filter.Field)!;
            Narrow(ref selection, ref count, block.Rows, row => EventMatcher.Matches(merged.Value(row), filter));
            return;
        }

        int column = columns[0];
        var chunk = _segment.ChunkOf(block, column);
        var vector = Decode(block, column);
        if (_segment.Columns[column].Encoding == ColumnEncoding.Dictionary && filter.Op is not (FilterOp.Exists or FilterOp.Missing))
        {
            var codes = _pruning.MatchingCodes(filter, column);
            if (chunk is not null && chunk.Min == chunk.Max && chunk.PresentRows == block.Rows && codes[chunk.Min])
            {
                return;
            }

            var longs = vector.Longs;
            Narrow(ref selection, ref count, block.Rows, row => vector.IsPresent(row) && codes[longs![row]]);
            return;
        }

        Narrow(ref selection, ref count, block.Rows, row => EventMatcher.Matches(vector.Value(row), filter));
    }

    private static void Narrow(ref int[]? selection, ref int count, int rows, Func<int, bool> keep)
    {
        var result = selection ?? new int[rows];
        int kept = 0;
        for (int s = 0; s < count; s++)
        {
            int row = selection is null ? s : selection[s];
            if (keep(row))
            {
                result[kept++] = row;
            }
        }

        selection = result;
        count = kept;
    }

    private int Slot((int, int, int) key)
    {
        if (_slotOf.TryGetValue(key, out int slot))
        {
            return slot;
        }

        slot = _slotKeys.Count;
        _slotOf[key] = slot;
        _slotKeys.Add(key);
        if (slot >= _slotCounts.Length)
        {
            Array.Resize(ref _slotCounts, _slotCounts.Length * 2);
        }

        if (!_countOnly)
        {
            _slotAccumulators.Add(_query.Aggregates.Select(Accumulator.Create).ToArray());
        }

        if (_slotKeys.Count > _query.MaxGroups)
        {
            throw new TooManyGroupsException(_query.MaxGroups);
        }

        return slot;
    }

    private static (int, int, int) WithPart((int, int, int) key, int part, int id) => part switch
    {
        0 => (id, key.Item2, key.Item3),
        1 => (key.Item1, id, key.Item3),
        _ => (key.Item1, key.Item2, id),
    };

    private void Flush()
    {
        var keys = new FieldValue[_parts.Length];
        for (int slot = 0; slot < _slotKeys.Count; slot++)
        {
            var key = _slotKeys[slot];
            for (int i = 0; i < _parts.Length; i++)
            {
                int id = i == 0 ? key.Item1 : i == 1 ? key.Item2 : key.Item3;
                keys[i] = _parts[i].ValueOf(id, _segment);
            }

            var global = _table.Get(keys);
            if (_countOnly)
            {
                foreach (var accumulator in global)
                {
                    accumulator.AddRows(_slotCounts[slot]);
                }
            }
            else
            {
                var local = _slotAccumulators[slot];
                for (int a = 0; a < global.Length; a++)
                {
                    global[a].Merge(local[a]);
                }
            }
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

    /// <summary>One group key within this segment: a column (dictionary codes are ids + 1, other values
    /// get ids on first sight; 0 means absent), a time bucket (ids per bucket start) or a constant.</summary>
    private sealed class KeyPart
    {
        private readonly Dictionary<FieldValue, int> _ids = [];
        private readonly List<FieldValue> _values = [FieldValue.Null];
        private long _lastBucket = long.MinValue;
        private int _lastBucketId;

        public int? Column { get; init; }

        /// <summary>A field stored with several kinds in this segment: values are merged per row.</summary>
        public string? Field { get; init; }

        public TimeBucketer? Bucketer { get; init; }

        public FieldValue Constant { get; init; }

        public bool Unsupported { get; init; }

        public int IdOf(long bucketStartUs)
        {
            if (bucketStartUs == _lastBucket)
            {
                return _lastBucketId;
            }

            _lastBucket = bucketStartUs;
            _lastBucketId = IdOf(FieldValue.From(bucketStartUs / UnixTime.MicrosecondsPerMillisecond));
            return _lastBucketId;
        }

        public int IdOf(FieldValue value)
        {
            if (!_ids.TryGetValue(value, out int id))
            {
                id = _values.Count;
                _ids[value] = id;
                _values.Add(value);
            }

            return id;
        }

        public FieldValue ValueOf(int id, Segment segment)
        {
            if (Column is int column && segment.Columns[column].Encoding == ColumnEncoding.Dictionary)
            {
                return id == 0 ? FieldValue.Null : segment.Dictionary(column)[id - 1];
            }

            return Bucketer is null && Column is null && Field is null ? Constant : _values[id];
        }
    }
}
