
namespace Metronome.Storage.Serialization;

/// <summary>Interns the few distinct strings that repeat on every event (apps, names, field keys), so that
/// millions of recovered or buffered events share one instance of each. Bounded: past the limit new
/// strings are returned without being kept.</summary>
public sealed class StringPool(int maxEntries = 65_536)
{
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > 256)
        {
            return System.Text.Encoding.UTF8.GetString(utf8);
        }

        Span<char> chars = stackalloc char[utf8.Length];
        int count = System.Text.Encoding.UTF8.GetChars(utf8, chars);
        var lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
        lock (_gate)
        {
            if (lookup.TryGetValue(chars[..count], out var existing))
            {
                return existing;
            }

            string created = new(chars[..count]);
            if (_strings.Count < maxEntries)
            {
                _strings[created] = created;
            }

            return created;
        }
    }

    public string Get(string value)
    {
        lock (_gate)
        {
            if (_strings.TryGetValue(value, out var existing))
            {
                return existing;
            }

            if (_strings.Count < maxEntries)
            {
                _strings[value] = value;
            }

            return value;
        }
    }
}
