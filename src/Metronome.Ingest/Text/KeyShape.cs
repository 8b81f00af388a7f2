namespace Metronome.Ingest.Text;

/// <summary>
/// A bit for a field key's length and first letter (case folded), so that a set of keys fits in a
/// <c>ulong</c>: keys equal ignoring case have the same bit, so a key whose bit is not in the set is not in
/// it, and a lookup can skip comparing it with every key. Used by <see cref="FieldListBuilder.Set"/>, which
/// adds a drain's tags to every event and almost never finds them already there.
/// </summary>
internal static class KeyShape
{
    public static ulong Of(string key)
    {
        if (key.Length == 0)
        {
            return 1;
        }

        char first = key[0];
        // A non-ASCII first char can equal an ASCII letter ignoring case (ı and I): it has every bit.
        if (first > 0x7F)
        {
            return ulong.MaxValue;
        }

        return 1UL << (((key.Length * 7) + (first | 0x20)) & 63);
    }
}
