using System.Buffers;
using System.Runtime.CompilerServices;
using Metronome.Core.Events;

namespace Metronome.Storage.Aggregation;

/// <summary>
/// Groups and their accumulators, keyed by the tuple of group-key values, in order of creation. Keys are
/// looked up by a precomputed <see cref="GroupKeyHash"/> (callers that know their parts' hashes, such as
/// dictionary entries, never hash a string) in a flat open-addressing index of (hash, group) entries: a
/// lookup reads one index entry and compares keys only on a full 64-bit hash match (a single interned
/// string key by reference first).
/// </summary>
internal sealed class GroupTable(AggregateQuery query)
{
    private readonly List<FieldValue[]> _keys = [];
    private readonly List<ulong> _hashes = [];
    private readonly List<Accumulator[]> _accumulators = [];
    private readonly DoubleArena _arena = new();
    private readonly List<DoubleArena> _arenas = [];
    private Entry[] _index = NewIndex(16);
    private int _indexLength = 16;

    public int Count => _keys.Count;

    public AggregateQuery Query => query;

    /// <summary>Finds or creates the group for <paramref name="keys"/> (copied when a group is created).</summary>
    public Accumulator[] Get(FieldValue[] keys) => Get(keys, HashOf(keys));

    /// <summary>As <see cref="Get(FieldValue[])"/> with the hash already known (see <see cref="HashOf"/>).</summary>
    public Accumulator[] Get(FieldValue[] keys, ulong hash)
    {
        int group = Find(keys, hash, out int free);
        if (group >= 0)
        {
            return _accumulators[group];
        }

        var accumulators = new Accumulator[query.Aggregates.Count];
        for (int i = 0; i < accumulators.Length; i++)
        {
            accumulators[i] = Accumulator.Create(query.Aggregates[i], _arena);
        }

        Add((FieldValue[])keys.Clone(), hash, accumulators, free);
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
        for (int g = 0; g < other.Count; g++)
        {
            var theirs = other._accumulators[g];
            int group = Find(other._keys[g], other._hashes[g], out int free);
            if (group >= 0)
            {
                var ours = _accumulators[group];
                for (int i = 0; i < ours.Length; i++)
                {
                    ours[i].Merge(theirs[i]);
                }
            }
            else
            {
                Add(other._keys[g], other._hashes[g], theirs, free);
            }
        }

        other.ReleaseIndex();
    }

    /// <summary>The result rows; call once, at the end (the accumulators' memory is released). Exact
    /// quantiles select their ranks here, which for thousands of groups is worth <paramref name="threads"/>.</summary>
    public List<AggregateRow> ToRows(int threads = 1)
    {
        int width = query.Aggregates.Sum(a => a.OutputWidth);
        var rows = new AggregateRow[Count];
        void Write(int g)
        {
            var accumulators = _accumulators[g];
            var values = new FieldValue[width];
            int at = 0;
            for (int i = 0; i < accumulators.Length; i++)
            {
                int w = query.Aggregates[i].OutputWidth;
                accumulators[i].WriteResult(values.AsSpan(at, w));
                at += w;
            }

            rows[g] = new AggregateRow(_keys[g], values);
        }

        bool costly = query.Aggregates.Any(a => a.Kind is AggregateKind.Quantiles or AggregateKind.QuantilesNearestRank);
        if (threads > 1 && costly && Count >= 64)
        {
            int chunks = threads * 4;
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, c =>
            {
                for (int g = (int)((long)Count * c / chunks); g < (int)((long)Count * (c + 1) / chunks); g++)
                {
                    Write(g);
                }
            });
        }
        else
        {
            for (int g = 0; g < Count; g++)
            {
                Write(g);
            }
        }

        // Results are out: the values kept for them and the index go back to the pools.
        ReleaseIndex();
        _arena.Release();
        foreach (var arena in _arenas)
        {
            arena.Release();
        }

        return [.. rows];
    }

    /// <summary>The group with these keys, or -1 and the index entry where it would go.</summary>
    private int Find(FieldValue[] keys, ulong hash, out int free)
    {
        var index = _index;
        int mask = _indexLength - 1;
        int i = (int)(hash >> 40) & mask;
        while (true)
        {
            var entry = index[i];
            if (entry.Group == 0)
            {
                free = i;
                return -1;
            }

            if (entry.Hash == hash && ((entry.Text is not null && keys.Length == 1 && ReferenceEquals(entry.Text, TextOf(keys))) || SameKeys(_keys[entry.Group - 1], keys)))
            {
                free = -1;
                return entry.Group - 1;
            }

            i = (i + 1) & mask;
        }
    }

    private void Add(FieldValue[] keys, ulong hash, Accumulator[] accumulators, int free)
    {
        if (Count >= query.MaxGroups)
        {
            throw new TooManyGroupsException(query.MaxGroups);
        }

        _keys.Add(keys);
        _hashes.Add(hash);
        _accumulators.Add(accumulators);
        _index[free] = new Entry(hash, Count, TextOf(keys));
        if (Count * 2 > _indexLength)
        {
            Grow();
        }
    }

    private void Grow()
    {
        int length = _indexLength * 2;
        var index = NewIndex(length);
        int mask = length - 1;
        for (int g = 0; g < Count; g++)
        {
            int i = (int)(_hashes[g] >> 40) & mask;
            while (index[i].Group != 0)
            {
                i = (i + 1) & mask;
            }

            index[i] = new Entry(_hashes[g], g + 1, TextOf(_keys[g]));
        }

        ReleaseIndex();
        _index = index;
        _indexLength = length;
    }

    /// <summary>An empty index of <paramref name="length"/> entries; large ones come from the pool (a
    /// query's tables would otherwise put them on the large-object heap, collected only with gen 2).
    /// Only this class rents entries, and it clears them on return.</summary>
    private static Entry[] NewIndex(int length) => length < 1024 ? new Entry[length] : ArrayPool<Entry>.Shared.Rent(length);

    private void ReleaseIndex()
    {
        if (_indexLength >= 1024)
        {
            ArrayPool<Entry>.Shared.Return(_index, clearArray: true);
        }

        _index = [];
        _indexLength = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool SameKeys(FieldValue[] a, FieldValue[] b)
    {
        for (int i = 0; i < a.Length; i++)
        {
            if (!a[i].Equals(b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The text of a single string key: segments intern their dictionary entries, so a key seen
    /// before is usually the very same string and matches without reading its characters.</summary>
    private static string? TextOf(FieldValue[] keys) => keys.Length == 1 && keys[0].Kind == FieldKind.String ? keys[0].AsString : null;

    /// <summary>An index entry: the key hash, the group number + 1 (0 = empty) and a single string key.</summary>
    private readonly record struct Entry(ulong Hash, int Group, string? Text);
}
