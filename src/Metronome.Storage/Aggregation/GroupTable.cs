using Metronome.Core.Events;

namespace Metronome.Storage.Aggregation;

/// <summary>Groups and their accumulators, keyed by the tuple of group-key values.</summary>
internal sealed class GroupTable(AggregateQuery query)
{
    private readonly Dictionary<KeyTuple, Accumulator[]> _groups = [];

    public int Count => _groups.Count;

    /// <summary>Finds or creates the group for <paramref name="keys"/> (copied when a group is created).</summary>
    public Accumulator[] Get(FieldValue[] keys)
    {
        var probe = new KeyTuple(keys);
        if (_groups.TryGetValue(probe, out var accumulators))
        {
            return accumulators;
        }

        if (_groups.Count >= query.MaxGroups)
        {
            throw new TooManyGroupsException(query.MaxGroups);
        }

        accumulators = new Accumulator[query.Aggregates.Count];
        for (int i = 0; i < accumulators.Length; i++)
        {
            accumulators[i] = Accumulator.Create(query.Aggregates[i]);
        }

        _groups[new KeyTuple((FieldValue[])keys.Clone())] = accumulators;
        return accumulators;
    }

    public List<AggregateRow> ToRows()
    {
        int width = query.Aggregates.Sum(a => a.OutputWidth);
        var rows = new List<AggregateRow>(_groups.Count);
        foreach (var (key, accumulators) in _groups)
        {
            var values = new FieldValue[width];
            int at = 0;
            for (int i = 0; i < accumulators.Length; i++)
            {
                int w = query.Aggregates[i].OutputWidth;
                accumulators[i].WriteResult(values.AsSpan(at, w));
                at += w;
            }

            rows.Add(new AggregateRow(key.Values, values));
        }

        return rows;
    }

    private readonly struct KeyTuple : IEquatable<KeyTuple>
    {
        private readonly int _hash;

        public KeyTuple(FieldValue[] values)
        {
            Values = values;
            var hash = default(HashCode);
            foreach (var v in values)
            {
                hash.Add(v);
            }

            _hash = hash.ToHashCode();
        }

        public FieldValue[] Values { get; }

        public bool Equals(KeyTuple other) => Values.AsSpan().SequenceEqual(other.Values);

        public override bool Equals(object? obj) => obj is KeyTuple other && Equals(other);

        public override int GetHashCode() => _hash;
    }
}
