using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Unicode;
using Metronome.Core.Events;
using Metronome.Core.Events.Batches;

namespace Metronome.Ingest.Text;

/// <summary>
/// Collects one event's fields with the decoders' rules: envelope fields first (<see cref="AddReserved"/>),
/// then parsed fields (<see cref="Add"/>) that never overwrite a reserved key (they are renamed with
/// <see cref="IngestFieldNames.CollisionPrefix"/>) and never repeat a key (the first occurrence wins;
/// keys compare case-insensitively like queries do). A text value may be given as the UTF-8 bytes it arrived
/// as (<see cref="AddReservedUtf8"/>, <see cref="AddUtf8Slice"/>): the builder holds them in its own buffer
/// (a value cut from MSG as a reference to MSG's copy there), so the batch path writes them on with no string
/// made per value. Reused per thread; <see cref="WriteTo"/> or <see cref="ToArray"/> copies out.
/// </summary>
internal sealed class FieldListBuilder
{
    [ThreadStatic]
    private static FieldListBuilder? t_shared;

    private Entry[] _items = new Entry[32];
    private byte[] _utf8 = new byte[2048];
    private int _utf8Length;
    private int _count;
    private int _reservedCount;
    // The KeyShape bits of the keys added since Clear (a superset after Truncate): lookups skip keys not in it.
    private ulong _keyShapes;
    // The field whose text the body parsers read (MarkParsedText), or -1.
    private int _parsedText = -1;

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

    /// <summary>Forgets the fields. The entries stay as they are (the next event overwrites them, and a key
    /// that is the same string as the one at its position is not stored again): clearing them cost a store
    /// per reference per field of every event.</summary>
    public void Clear()
    {
        _count = 0;
        _utf8Length = 0;
        _reservedCount = 0;
        _keyShapes = 0;
        _parsedText = -1;
    }

    /// <summary>Adds an envelope field. Callers add each reserved key at most once, before any parsed field.</summary>
    public void AddReserved(string key, FieldValue value)
    {
        // Envelope text (source names, pooled hosts, facility names) is the same instance event after
        // event: the batch writer caches its encoding.
        Append(key, value, repeated: value.Kind == FieldKind.String);
        _reservedCount = _count;
    }

    /// <summary><see cref="AddReserved"/> with a text value given as UTF-8.</summary>
    public void AddReservedUtf8(string key, ReadOnlySpan<byte> value)
    {
        AppendUtf8(key, value);
        _reservedCount = _count;
    }

    /// <summary><see cref="AddReservedUtf8"/> of the end of the previous field's text, from byte
    /// <paramref name="skip"/> on (a log line's <c>message</c> is the end of its <c>_raw</c>): the batch
    /// refers to those bytes instead of holding them twice.</summary>
    public void AddReservedUtf8Suffix(string key, int skip)
    {
        var previous = _count > 0 ? _items[_count - 1] : default;
        if (_count == 0 || !previous.IsUtf8 || skip < 0 || skip > previous.Utf8Length)
        {
            throw new InvalidOperationException($"the previous field is not text of at least {skip} bytes");
        }

        ref var item = ref Next(key);
        (item.Utf8Start, item.Utf8Length, item.SuffixSkip, item.Repeated, item.InParsedText) = (previous.Utf8Start + skip, previous.Utf8Length - skip, skip, false, false);
        _reservedCount = _count;
    }

    /// <summary>Marks the last field's text as the one the body parsers read (a line's MSG): values they cut
    /// from it (<see cref="AddUtf8Slice"/>) refer to its bytes here instead of being copied again.</summary>
    public void MarkParsedText()
    {
        if (_count == 0 || !_items[_count - 1].IsUtf8)
        {
            throw new InvalidOperationException("the last field is not text");
        }

        _parsedText = _count - 1;
    }

    /// <summary>Adds a field parsed from the message body.</summary>
    public void Add(string key, FieldValue value)
    {
        if (TryParsedKey(ref key))
        {
            Append(key, value);
        }
    }

    /// <summary><see cref="Add"/> with a text value given as UTF-8: <paramref name="value"/>, a slice of
    /// <paramref name="text"/> that starts and ends at ASCII bytes or the ends of <paramref name="text"/>.
    /// When <paramref name="text"/> is the text marked with <see cref="MarkParsedText"/>, the field refers to
    /// those bytes, and is valid UTF-8 whenever the text is; otherwise the bytes are copied.</summary>
    public void AddUtf8Slice(string key, ReadOnlySpan<byte> text, ReadOnlySpan<byte> value)
    {
        if (TryParsedKey(ref key))
        {
            AppendUtf8Slice(key, text, value);
        }
    }

    /// <summary><see cref="AddDistinct"/> of a slice of the parsed text, as <see cref="AddUtf8Slice"/> takes it.</summary>
    public void AddDistinctUtf8Slice(string key, ReadOnlySpan<byte> text, ReadOnlySpan<byte> value)
    {
        if (_count < MaxFields)
        {
            AppendUtf8Slice(key, text, value);
        }
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
    /// a parsed field with the same key. <paramref name="repeated"/>: the value is text that comes as the
    /// same instance event after event (a drain's tags), whose encoding the batch writer caches.</summary>
    public void Set(string key, FieldValue value, bool repeated = false)
    {
        repeated &= value.Kind == FieldKind.String;
        int i = IndexOf(key, from: 0);
        if (i >= 0)
        {
            _items[i].Key = key;
            SetValue(ref _items[i], value, repeated);
            return;
        }

        Append(key, value, repeated);
    }

    public bool ContainsKey(string key) => IndexOf(key, from: 0) >= 0;

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

    /// <summary>The fields as objects, UTF-8 values decoded (invalid sequences replaced with U+FFFD; short
    /// repeated ones share one string through the cache).</summary>
    public KeyValuePair<string, FieldValue>[] ToArray()
    {
        var fields = new KeyValuePair<string, FieldValue>[_count];
        for (int i = 0; i < fields.Length; i++)
        {
            ref readonly var item = ref _items[i];
            fields[i] = new(item.Key, item.IsUtf8 ? Utf8StringCache.Get(Utf8Of(item)) : item.Value);
        }

        return fields;
    }

    /// <summary>Writes the fields as one event. Valid UTF-8 values go on as their bytes; an invalid one is
    /// decoded with replacement first, so both paths store the same text.</summary>
    public void WriteTo(EventBatchWriter writer, string app, string name, long timeUs, long receiptUs)
    {
        writer.BeginEvent(app, name, timeUs, receiptUs, _count);
        bool previousAsBytes = false;
        // Whether the parsed text went on as valid UTF-8: then so do the slices cut from it at ASCII bytes.
        bool parsedTextValid = false;
        for (int i = 0; i < _count; i++)
        {
            ref readonly var item = ref _items[i];
            if (!item.IsUtf8)
            {
                if (item.Repeated)
                {
                    writer.WriteRepeatedStringField(item.Key, item.Value.AsString);
                }
                else
                {
                    writer.WriteField(item.Key, item.Value);
                }

                previousAsBytes = false;
                continue;
            }

            var bytes = Utf8Of(item);
            if (item.SuffixSkip >= 0 && previousAsBytes)
            {
                // A suffix is added right after its text, and reserved fields are never moved or removed
                // (Set replaces a value with a non-text one): the previous field is that text, written
                // as its bytes, so these are its last ones.
                writer.WriteUtf8SuffixField(item.Key, item.SuffixSkip);
            }
            else if ((item.InParsedText && parsedTextValid) || Utf8.IsValid(bytes))
            {
                writer.WriteUtf8Field(item.Key, bytes);
                previousAsBytes = true;
            }
            else
            {
                writer.WriteField(item.Key, Utf8Text.Decode(bytes));
                previousAsBytes = false;
            }

            if (i == _parsedText)
            {
                parsedTextValid = previousAsBytes;
            }
        }
    }

    /// <summary>A parsed key as stored: false when it is empty, over the limit or already present;
    /// a reserved key is renamed.</summary>
    private bool TryParsedKey(ref string key)
    {
        if (key.Length == 0 || _count >= MaxFields)
        {
            return false;
        }

        if (ReservedFields.Contains(key))
        {
            key = IngestFieldNames.CollisionPrefix + key;
        }

        return IndexOf(key, from: _reservedCount) < 0;
    }

    private ReadOnlySpan<byte> Utf8Of(in Entry item) => _utf8.AsSpan(item.Utf8Start, item.Utf8Length);

    /// <summary>The index of the field at or after <paramref name="from"/> whose key equals
    /// <paramref name="key"/> ignoring case, or -1; a key whose <see cref="KeyShape"/> no field has is not
    /// compared with any.</summary>
    private int IndexOf(string key, int from)
    {
        if ((_keyShapes & KeyShape.Of(key)) == 0)
        {
            return -1;
        }

        for (var i = from; i < _count; i++)
        {
            if (SameKey(_items[i].Key, key))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool SameKey(string a, string b) =>
        ReferenceEquals(a, b)
        || (a.Length == b.Length && a.Length > 0 && FirstCharsMayMatch(a[0], b[0]) && string.Equals(a, b, StringComparison.OrdinalIgnoreCase));

    /// <summary>A cheap test before the full comparison: two different ASCII characters are equal ignoring case
    /// only as the two cases of one letter; anything non-ASCII is left to the full comparison.</summary>
    private static bool FirstCharsMayMatch(char a, char b) =>
        a == b || (a | b) > 0x7F || ((a ^ b) == 0x20 && char.IsAsciiLetter(a));

    private void Append(string key, FieldValue value, bool repeated = false) => SetValue(ref Next(key), value, repeated);

    /// <summary>Makes <paramref name="item"/> hold <paramref name="value"/> (not UTF-8 text).</summary>
    private static void SetValue(ref Entry item, FieldValue value, bool repeated)
    {
        item.Value = value;
        (item.Utf8Start, item.Utf8Length, item.SuffixSkip, item.Repeated, item.InParsedText) = (0, Entry.NotUtf8, -1, repeated, false);
    }

    private void AppendUtf8(string key, ReadOnlySpan<byte> value)
    {
        if (_utf8Length + value.Length > _utf8.Length)
        {
            Array.Resize(ref _utf8, Math.Max(_utf8.Length * 2, _utf8Length + value.Length));
        }

        value.CopyTo(_utf8.AsSpan(_utf8Length));
        ref var item = ref Next(key);
        (item.Utf8Start, item.Utf8Length, item.SuffixSkip, item.Repeated, item.InParsedText) = (_utf8Length, value.Length, -1, false, false);
        _utf8Length += value.Length;
    }

    private void AppendUtf8Slice(string key, ReadOnlySpan<byte> text, ReadOnlySpan<byte> value)
    {
        var offset = (long)Unsafe.ByteOffset(ref MemoryMarshal.GetReference(text), ref MemoryMarshal.GetReference(value));
        if (_parsedText < 0 || !_items[_parsedText].IsUtf8 || _items[_parsedText].Utf8Length != text.Length
            || offset < 0 || offset + value.Length > text.Length)
        {
            AppendUtf8(key, value);
            return;
        }

        Debug.Assert(text.SequenceEqual(Utf8Of(_items[_parsedText])), "the text is the marked field's");
        var start = _items[_parsedText].Utf8Start + (int)offset;
        ref var item = ref Next(key);
        (item.Utf8Start, item.Utf8Length, item.SuffixSkip, item.Repeated, item.InParsedText) = (start, value.Length, -1, false, true);
    }

    /// <summary>The next entry, with <paramref name="key"/>; its other members are the caller's to set (a
    /// text entry leaves the stale value alone). Entries are written member by member, and the key only
    /// when it is another string than the one the entry had: every store of a reference calls the
    /// runtime's write barrier, and the same keys come at the same positions event after event.</summary>
    private ref Entry Next(string key)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _keyShapes |= KeyShape.Of(key);
        ref var item = ref _items[_count++];
        if (!ReferenceEquals(item.Key, key))
        {
            item.Key = key;
        }

        return ref item;
    }

    /// <summary>A field: its value is <see cref="Value"/>, or text held as UTF-8 in the builder's buffer.</summary>
    private struct Entry
    {
        public const int NotUtf8 = -1;

        public string Key;

        /// <summary>The value, unless the text is held as UTF-8 (<see cref="IsUtf8"/>): then it is stale.</summary>
        public FieldValue Value;

        public int Utf8Start;

        /// <summary>The UTF-8 text's length, or <see cref="NotUtf8"/> when the entry holds <see cref="Value"/>.</summary>
        public int Utf8Length;

        /// <summary>For a suffix of the previous field's text: the bytes it skips; otherwise -1.</summary>
        public int SuffixSkip;

        /// <summary>A text value given as a string instance that comes again in later events.</summary>
        public bool Repeated;

        /// <summary>UTF-8 text cut from the parsed text at ASCII bytes (<see cref="AddUtf8Slice"/>).</summary>
        public bool InParsedText;

        public readonly bool IsUtf8 => Utf8Length != NotUtf8;
    }
}
