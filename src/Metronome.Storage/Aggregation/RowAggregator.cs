using Metronome.Core.Events;
using Metronome.Core.Time;
using Metronome.Storage.Scanning;

namespace Metronome.Storage.Aggregation;

/// <summary>Aggregates materialized events one at a time: the path for the unsealed tail, and the
/// reference the columnar segment path is tested against.</summary>
internal sealed class RowAggregator
{
    private readonly AggregateQuery _query;
    private readonly GroupTable _table;
    private readonly FieldValue[] _keys;
    private readonly TimeBucketer?[] _bucketers;

    public RowAggregator(AggregateQuery query, GroupTable table)
    {
        _query = query;
        _table = table;
        _keys = new FieldValue[query.GroupBy.Count];
        _bucketers = query.GroupBy.Select(g => g is TimeBucketKey t ? new TimeBucketer(t.WidthUs, t.Zone) : null).ToArray();
    }

    public void Add(Event e)
    {
        for (int i = 0; i < _keys.Length; i++)
        {
            _keys[i] = _bucketers[i] is { } bucketer
                ? FieldValue.From(bucketer.BucketStartUs(e.TimeUs) / UnixTime.MicrosecondsPerMillisecond)
                : EventMatcher.Resolve(e, ((FieldGroupKey)_query.GroupBy[i]).Field);
        }

        var accumulators = _table.Get(_keys);
        for (int i = 0; i < accumulators.Length; i++)
        {
            string? field = _query.Aggregates[i].Field;
            accumulators[i].Add(field is null ? default : EventMatcher.Resolve(e, field));
        }
    }
}
