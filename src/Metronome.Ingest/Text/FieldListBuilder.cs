using Metronome.Core.Events;

namespace Metronome.Ingest.Text;

/// <summary>
/// Collects one event's fields with the decoders' rules: envelope fields first (<see cref="AddReserved"/>),
/// then parsed fields (<see cref="Add"/>) that never overwrite a reserved key (they are renamed with
/// <see cref="IngestFieldNames.CollisionPrefix"/>) and never repeat a key (the first occurrence wins;
/// keys compare case-insensitively like queries do). Reused per thread; <see cref="ToArray"/> copies out.
/// </summary>
internal sealed class FieldListBuilder
{
    [ThreadStatic]
    private static FieldListBuilder? t_shared;

    private KeyValuePair<string, FieldValue>[] _items = new KeyValuePair<string, FieldValue>[32];
    private int _count;
    private int _reservedCount;

    /// <summary>Parsed fields beyond this are ignored (the text stays searchable in <c>message</c>): a
    /// hostile JSON line must not produce an event with millions of columns.</summary>
    public const int MaxFields = 512;

    public int Count => _count;

    /// <summary>Whether a parsed field has been added since the envelope.</summary>
    public bool HasParsed => _count > _reservedCount;

    /// <summary>The calling thread's builder, cleared.</summary>
    public static FieldListBuilder Rent()
    {
        var builder = t_shared ??= new FieldListBuilder();
        builder.Clear();
        return builder;
    }

    public void Clear()
    {
        Array.Clear(_items, 0, _count);
        _count = 0;
        _reservedCount = 0;
    }

    /// <summary>Adds an envelope field. Callers add each reserved key at most once, before any parsed field.</summary>
    public void AddReserved(string key, FieldValue value)
    {
        Append(key, value);
        _reservedCount = _count;
    }

    /// <summary>Adds a field parsed from the message body.</summary>
    public void Add(string key, FieldValue value)
    {
        if (key.Length == 0 || _count >= MaxFields)
        {
            return;
        }

        if (ReservedFields.Contains(key))
        {
            key = IngestFieldNames.CollisionPrefix + key;
        }

        if (ContainsParsed(key))
        {
            return;
        }

        Append(key, value);
    }

    /// <summary>Adds a parsed field whose key the caller vouches for: not reserved and not added yet (in any
    /// case). Skips <see cref="Add"/>'s scans of the keys so far; the field limit still holds.</summary>
    public void AddDistinct(string key, FieldValue value)
    {
        if (_count < MaxFields)
        {
            Append(key, value);
        }
    }

    /// <summary>Adds a field written by the decoder itself after parsing (e.g. <c>_parseerror</c>), replacing
    /// a parsed field with the same key.</summary>
    public void Set(string key, FieldValue value)
    {
        var items = _items.AsSpan(0, _count);
        for (var i = 0; i < items.Length; i++)
        {
            if (SameKey(items[i].Key, key))
            {
                items[i] = new(key, value);
                return;
            }
        }

        Append(key, value);
    }

    public bool ContainsKey(string key)
    {
        for (var i = 0; i < _count; i++)
        {
            if (SameKey(_items[i].Key, key))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Drops the fields added after the count was <paramref name="count"/> (undoes a failed parse).</summary>
    public void Truncate(int count)
    {
        if (count < _reservedCount || count > _count)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        Array.Clear(_items, count, _count - count);
        _count = count;
    }

    public KeyValuePair<string, FieldValue>[] ToArray() => _items.AsSpan(0, _count).ToArray();

    private bool ContainsParsed(string key)
    {
        for (var i = _reservedCount; i < _count; i++)
        {
            if (SameKey(_items[i].Key, key))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SameKey(string a, string b) =>
        ReferenceEquals(a, b)
        || (a.Length == b.Length && a.Length > 0 && FirstCharsMayMatch(a[0], b[0]) && string.Equals(a, b, StringComparison.OrdinalIgnoreCase));

    /// <summary>A cheap test before the full comparison: two different ASCII characters are equal ignoring case
    /// only as the two cases of one letter; anything non-ASCII is left to the full comparison.</summary>
    private static bool FirstCharsMayMatch(char a, char b) =>
        a == b || (a | b) > 0x7F || ((a ^ b) == 0x20 && char.IsAsciiLetter(a));

    private void Append(string key, FieldValue value)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[_count++] = new(key, value);
    }
}
