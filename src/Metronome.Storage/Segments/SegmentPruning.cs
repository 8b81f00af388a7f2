using Metronome.Core.Events;
using Metronome.Storage.Encoding;
using Metronome.Storage.Sketches;
using Metronome.Storage.Scanning;

namespace Metronome.Storage.Segments;

/// <summary>
/// Decides from block metadata alone whether a block can hold a matching row: its time range, the
/// min/max of integer values and dictionary codes, and term bloom filters. Dictionary filters are
/// resolved once per segment into the set of matching codes.
/// </summary>
internal sealed class SegmentPruning
{
    private readonly Segment _segment;
    private readonly ScanQuery _query;
    private readonly Dictionary<(FieldFilter, int), bool[]> _matchingCodes = [];

    public SegmentPruning(Segment segment, ScanQuery query)
    {
        _segment = segment;
        _query = query;
    }

    public bool BlockMayMatch(BlockDescriptor block)
    {
        if (block.MaxTimeUs < _query.FromUs || block.MinTimeUs >= _query.ToUs)
        {
            return false;
        }

        foreach (var filter in _query.Filters)
        {
            if (!FilterMayMatch(block, filter))
            {
                return false;
            }
        }

        return _query.Terms.Count == 0 || TermsMayMatch(block);
    }

    /// <summary>For a dictionary column, which codes satisfy the filter (computed once per segment).</summary>
    public bool[] MatchingCodes(FieldFilter filter, int column)
    {
        if (_matchingCodes.TryGetValue((filter, column), out var codes))
        {
            return codes;
        }

        var dictionary = _segment.Dictionary(column);
        if (filter.Op is FilterOp.In or FilterOp.NotIn)
        {
            // Equality is case-insensitive on the text form: look the values up instead of testing every entry.
            codes = new bool[dictionary.Length];
            var index = _segment.CaseInsensitiveIndex(column);
            foreach (var value in filter.Values)
            {
                if (!value.IsNull && index.TryGetValue(value.ToString(), out var matches))
                {
                    foreach (int code in matches)
                    {
                        codes[code] = true;
                    }
                }
            }

            if (filter.Op == FilterOp.NotIn)
            {
                for (int i = 0; i < codes.Length; i++)
                {
                    codes[i] = !codes[i];
                }
            }

            _matchingCodes[(filter, column)] = codes;
            return codes;
        }

        codes = new bool[dictionary.Length];
        var terms = filter.Op == FilterOp.ContainsTerms ? EventMatcher.TermsOf(filter) : [];
        for (int i = 0; i < dictionary.Length; i++)
        {
            FieldValue value = dictionary[i];
            codes[i] = filter.Op switch
            {
                FilterOp.In or FilterOp.NotIn => EventMatcher.Matches(value, filter),
                FilterOp.Range => EventMatcher.InRange(value, filter),
                FilterOp.ContainsTerms => EventMatcher.ContainsAllTerms(dictionary[i], terms),
                FilterOp.Matches => EventMatcher.Matches(value, filter),
                _ => true,
            };
        }

        _matchingCodes[(filter, column)] = codes;
        return codes;
    }

    private bool FilterMayMatch(BlockDescriptor block, FieldFilter filter)
    {
        if (filter.Field.Equals(FieldNames.App, StringComparison.OrdinalIgnoreCase)
            || filter.Field.Equals(FieldNames.MessageTime, StringComparison.OrdinalIgnoreCase)
            || filter.Field.Equals(FieldNames.ReceiptTime, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (filter.Op == FilterOp.Missing)
        {
            return true;
        }

        foreach (int column in _segment.ColumnsFor(filter.Field))
        {
            var chunk = _segment.ChunkOf(block, column);
            if (chunk is not null && ChunkMayMatch(chunk, column, filter))
            {
                return true;
            }
        }

        return false;
    }

    private bool ChunkMayMatch(ColumnChunk chunk, int column, FieldFilter filter)
    {
        var encoding = _segment.Columns[column].Encoding;
        if (encoding == ColumnEncoding.Dictionary && filter.Op != FilterOp.Exists)
        {
            var codes = MatchingCodes(filter, column);
            for (long code = chunk.Min; code <= chunk.Max && code < codes.Length; code++)
            {
                if (codes[code])
                {
                    return true;
                }
            }

            return false;
        }

        if (encoding == ColumnEncoding.Integer && filter.Op == FilterOp.Range
            && filter.Values[0].TryGetNumber(out double lo) && filter.Values[1].TryGetNumber(out double hi))
        {
            return chunk.Max >= lo && chunk.Min < hi;
        }

        if (encoding == ColumnEncoding.Integer && filter.Op == FilterOp.In)
        {
            foreach (var value in filter.Values)
            {
                if (!value.TryGetNumber(out double x) || (x >= chunk.Min && x <= chunk.Max))
                {
                    return true;
                }
            }

            return false;
        }

        if (encoding == ColumnEncoding.Plain && filter.Op == FilterOp.ContainsTerms && !chunk.Bloom.IsEmpty)
        {
            return TermBloom.MayContainAll(BloomFilter.Read(_segment.ReadChunk(chunk.Bloom)), EventMatcher.TermsOf(filter));
        }

        return true;
    }

    private bool TermsMayMatch(BlockDescriptor block)
    {
        foreach (string field in (ReadOnlySpan<string>)[FieldNames.Raw, FieldNames.Message])
        {
            foreach (int column in _segment.ColumnsFor(field))
            {
                var chunk = _segment.ChunkOf(block, column);
                if (chunk is null)
                {
                    continue;
                }

                var encoding = _segment.Columns[column].Encoding;
                if (encoding == ColumnEncoding.Plain && !chunk.Bloom.IsEmpty)
                {
                    if (TermBloom.MayContainAll(BloomFilter.Read(_segment.ReadChunk(chunk.Bloom)), _query.Terms))
                    {
                        return true;
                    }
                }
                else if (encoding == ColumnEncoding.Dictionary)
                {
                    var codes = MatchingCodes(new FieldFilter(field, FilterOp.ContainsTerms, [string.Join(' ', _query.Terms)]), column);
                    if (Array.IndexOf(codes, true) >= 0)
                    {
                        return true;
                    }
                }
                else
                {
                    return true;
                }
            }
        }

        return false;
    }
}
