using System.Collections.Concurrent;

namespace Metronome.Core.Text;

/// <summary>
/// Interns the strings that repeat on every event (apps, names, field keys, short values such as
/// countries or HTTP methods), so that millions of buffered events share one instance of each and
/// decoders allocate nothing for them. Lock-free reads; bounded: past the limit new strings are
/// returned without being kept.
/// </summary>
public sealed class StringPool(int maxEntries = 65_536, int maxLength = 64)
{
    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);

    /// <summary>Strings longer than this are never pooled (they rarely repeat).</summary>
    public int MaxLength { get; } = maxLength;

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength)
        {
            return System.Text.Encoding.UTF8.GetString(utf8);
        }

        Span<char> chars = stackalloc char[utf8.Length];
        int count = System.Text.Encoding.UTF8.GetChars(utf8, chars);
        return Get(chars[..count]);
    }

    public string Get(ReadOnlySpan<char> chars)
    {
        var lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(chars, out var existing))
        {
            return existing;
        }

        string created = new(chars);
        return chars.Length <= MaxLength && _strings.Count < maxEntries ? _strings.GetOrAdd(created, created) : created;
    }

    public string Get(string value) =>
        _strings.TryGetValue(value, out var existing) ? existing
        : value.Length <= MaxLength && _strings.Count < maxEntries ? _strings.GetOrAdd(value, value)
        : value;
}
