using System.Collections.Concurrent;

namespace Metronome.Ingest.Web;

/// <summary>
/// A thread-safe cache that never holds more than about <c>capacity</c> entries. It keeps two
/// generations: new entries go into the young one; when it fills up, the old generation is dropped and
/// the young one becomes old. A hit in the old generation is promoted, so frequent keys survive while
/// one-off keys (a flood of unique user agents, say) age out in O(1) without per-entry bookkeeping.
/// </summary>
public sealed class BoundedCache<TKey, TValue>
    where TKey : notnull
{
    private readonly int _generationCapacity;
    private readonly IEqualityComparer<TKey>? _comparer;
    private readonly Lock _rotateLock = new();
    private ConcurrentDictionary<TKey, TValue> _young;
    private ConcurrentDictionary<TKey, TValue> _old;

    public BoundedCache(int capacity, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        _generationCapacity = capacity / 2;
        _comparer = comparer;
        _young = new ConcurrentDictionary<TKey, TValue>(comparer);
        _old = new ConcurrentDictionary<TKey, TValue>(comparer);
    }

    /// <summary>Entries currently held, across both generations (an upper bound: a promoted key may be
    /// counted twice for a moment).</summary>
    public int Count => _young.Count + _old.Count;

    public TValue GetOrAdd(TKey key, Func<TKey, TValue> factory)
    {
        var young = _young;
        if (young.TryGetValue(key, out var value))
        {
            return value;
        }

        if (!_old.TryGetValue(key, out value))
        {
            value = factory(key);
        }

        Add(key, value);
        return value;
    }

    public bool TryGetValue(TKey key, out TValue value)
    {
        if (_young.TryGetValue(key, out value!))
        {
            return true;
        }

        if (_old.TryGetValue(key, out value!))
        {
            Add(key, value);
            return true;
        }

        return false;
    }

    public void Add(TKey key, TValue value)
    {
        var young = _young;
        if (young.Count >= _generationCapacity)
        {
            lock (_rotateLock)
            {
                if (ReferenceEquals(young, _young))
                {
                    _old = young;
                    _young = new ConcurrentDictionary<TKey, TValue>(_comparer);
                }

                young = _young;
            }
        }

        young[key] = value;
    }
}
