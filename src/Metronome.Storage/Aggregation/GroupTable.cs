using Metronome.Core.Events;

namespace Metronome.Storage.Aggregation;

/// <summary>Groups and their accumulators, keyed by the tuple of group-key values. Keys are looked up by
/// a precomputed <see cref="GroupKeyHash"/>, so callers that know their parts' hashes (dictionary entries)
/// never hash a string.</summary>
internal sealed class GroupTable(AggregateQuery query)
{
    private readonly Dictionary<KeyTuple, Accumulator[]> _groups = [];
    private readonly DoubleArena _arena = new();
    private readonly List<DoubleArena> _arenas = [];

    public int Count => _groups.Count;

    public AggregateQuery Query => query;

    /// <summary>Finds or creates the group for <paramref name="keys"/> (copied when a group is created).</summary>
    public Accumulator[] Get(FieldValue[] keys) => Get(keys, HashOf(keys));

    /// <summary>As <see cref="Get(FieldValue[])"/> with the hash already known (see <see cref="HashOf"/>).</summary>
    public Accumulator[] Get(FieldValue[] keys, ulong hash)
    {
        if (_groups.TryGetValue(new KeyTuple(keys, hash), out var accumulators))
        {
            return accumulators;
        }

        CheckRoom();
        accumulators = new Accumulator[query.Aggregates.Count];
        for (int i = 0; i < accumulators.Length; i++)
        {
            accumulators[i] = Accumulator.Create(query.Aggregates[i], _arena);
        }

        _groups[new KeyTuple((FieldValue[])keys.Clone(), hash)] = accumulators;
        return accumulators;
    }

    public static ulong HashOf(ReadOnlySpan<FieldValue> keys)
    {
        ulong hash = 0;
        foreach (var key in keys)
        {
            hash = GroupKeyHash.Combine(hash, GroupKeyHash.Of(key));
        }

        return hash;
    }

    /// <summary>Adds another table's groups to this one (the other table is consumed: its accumulators
    /// are adopted where this table lacks the group). Groups new to this table keep the other's order.</summary>
    public void MergeFrom(GroupTable other)
    {
        // Merged accumulators keep values in the other table's arenas: they live as long as this table's.
        _arenas.Add(other._arena);
        _arenas.AddRange(other._arenas);
        foreach (var (key, theirs) in other._groups)
        {
            if (_groups.TryGetValue(key, out var ours))
            {
                for (int i = 0; i < ours.Length; i++)
                {
                    ours[i].Merge(theirs[i]);
                }
            }
            else
            {
                CheckRoom();
                _groups[key] = theirs;
            }
        }
    }

    /// <summary>The result rows; call once, at the end (the accumulators' memory is released).</summary>
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

        // Results are out: the values kept for them go back to the pool.
        _arena.Release();
        foreach (var arena in _arenas)
        {
            arena.Release();
        }

        return rows;
    }

    private void CheckRoom()
    {
        if (_groups.Count >= query.MaxGroups)
        {
            throw new TooManyGroupsException(query.MaxGroups);
        }
    }

    private readonly struct KeyTuple(FieldValue[] values, ulong hash) : IEquatable<KeyTuple>
    {
        public FieldValue[] Values { get; } = values;

        public bool Equals(KeyTuple other) => hash == other.Hash && Values.AsSpan().SequenceEqual(other.Values);

        public override bool Equals(object? obj) => obj is KeyTuple other && Equals(other);

        public override int GetHashCode() => (int)hash ^ (int)(hash >> 32);

        private ulong Hash => hash;
    }
}
