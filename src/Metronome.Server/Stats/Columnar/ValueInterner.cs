using Metronome.Core.Events;
using Metronome.Storage.Scanning;

namespace Metronome.Server.Stats.Columnar;

/// <summary>
/// Gives each distinct value of one field a small dense id (0 for absent, then 1, 2, ... in order of
/// first sight), keyed by the projected scan's 64-bit value identity (<see cref="FieldValueHash"/>).
/// Dictionary-coded columns are translated once per dictionary, so their rows cost an array lookup.
/// The visitor id keeps no values: only its identity matters.
/// </summary>
public sealed class ValueInterner(bool keepValues = true)
{
    private readonly List<FieldValue> _values = [FieldValue.Null];
    private readonly List<ulong> _hashes = [0];
    private readonly Dictionary<string[], int[]> _byDictionary = new(ReferenceEqualityComparer.Instance);
    private Entry[] _table = new Entry[1024];
    private string[]? _lastDictionary;
    private int[]? _lastCodes;

    /// <summary>Ids handed out so far, the absent id 0 included.</summary>
    public int Count => _hashes.Count;

    /// <summary>The value of an id (null for 0, and for every id when values are not kept).</summary>
    public FieldValue ValueOf(int id) => keepValues ? _values[id] : FieldValue.Null;

    /// <summary>The ids of the selected rows of a block, written to <paramref name="ids"/>.</summary>
    public void IdsOf(FieldColumn column, ReadOnlySpan<int> rows, Span<int> ids)
    {
        if (column.Codes is { } codes)
        {
            var map = CodesOf(column.Dictionary!);
            for (int i = 0; i < rows.Length; i++)
            {
                long code = codes[rows[i]];
                int id = code < 0 ? 0 : map[code];
                if (id == 0 && code >= 0)
                {
                    id = map[code] = IdOf(column.DictionaryHashes![code], column, rows[i]);
                }

                ids[i] = id;
            }

            return;
        }

        for (int i = 0; i < rows.Length; i++)
        {
            ids[i] = column.IsPresent(rows[i]) ? IdOf(column.HashAt(rows[i]), column, rows[i]) : 0;
        }
    }

    /// <summary>For each id of <paramref name="other"/> (built over other rows of the same field), the
    /// id of the same value here, adding the values this interner has not seen.</summary>
    public int[] Absorb(ValueInterner other)
    {
        var map = new int[other.Count];
        for (int id = 1; id < map.Length; id++)
        {
            ulong hash = other._hashes[id];
            int slot = Find(hash);
            map[id] = _table[slot].Id != 0 ? _table[slot].Id : Insert(slot, hash, other.ValueOf(id));
        }

        return map;
    }

    private int[] CodesOf(string[] dictionary)
    {
        if (!ReferenceEquals(dictionary, _lastDictionary))
        {
            if (!_byDictionary.TryGetValue(dictionary, out var codes))
            {
                codes = new int[dictionary.Length];
                _byDictionary[dictionary] = codes;
            }

            _lastDictionary = dictionary;
            _lastCodes = codes;
        }

        return _lastCodes!;
    }

    private int IdOf(ulong hash, FieldColumn column, int row)
    {
        int slot = Find(hash);
        return _table[slot].Id != 0 ? _table[slot].Id : Insert(slot, hash, keepValues ? column.Value(row) : FieldValue.Null);
    }

    /// <summary>Open addressing with linear probing: the slot holding <paramref name="hash"/>, or the empty slot where it goes.</summary>
    private int Find(ulong hash)
    {
        int mask = _table.Length - 1;
        int slot = (int)(hash ^ (hash >> 29)) & mask;
        while (_table[slot].Id != 0 && _table[slot].Key != hash)
        {
            slot = (slot + 1) & mask;
        }

        return slot;
    }

    private int Insert(int slot, ulong hash, FieldValue value)
    {
        int id = _hashes.Count;
        _table[slot] = new Entry(hash, id);
        _hashes.Add(hash);
        if (keepValues)
        {
            _values.Add(value);
        }

        if (id * 2 > _table.Length)
        {
            var old = _table;
            _table = new Entry[old.Length * 2];
            foreach (var entry in old)
            {
                if (entry.Id != 0)
                {
                    _table[Find(entry.Key)] = entry;
                }
            }
        }

        return id;
    }

    /// <summary>Key and id side by side: one cache line per probe.</summary>
    private readonly record struct Entry(ulong Key, int Id);
}
