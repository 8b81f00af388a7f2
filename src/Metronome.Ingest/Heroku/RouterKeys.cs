using System.Buffers.Binary;

namespace Metronome.Ingest.Heroku;

internal enum RouterKeyKind
{
    Other,
    Text,
    UniqueText,
    Code,
    Milliseconds,
    Integer,
    Bool,
}

/// <summary>One documented router key: its interned name, how its value is typed, and its bit in a set of
/// keys seen on a line.</summary>
internal readonly record struct RouterKey(string Name, RouterKeyKind Kind, uint Bit);

/// <summary>Recognises the documented router keys from their bytes and gives their interned names, so the hot
/// path needs no string hashing or cache lookup for keys. A key is compared as two little-endian words read
/// from its start and its end (overlapping when short): for a given length they determine every byte, so a
/// key is one or two integer compares against each known key of that length.</summary>
internal static class RouterKeys
{
    private const int MaxLength = 16;

    /// <summary>The documented keys (heroku-log-formats.md 2.1). None of them is a reserved field name, so a
    /// parsed router key is never renamed (a test checks it).</summary>
    public static readonly RouterKey[] All =
    [
        new("at", RouterKeyKind.Text, 1u << 0),
        new("fwd", RouterKeyKind.UniqueText, 1u << 1),
        new("tls", RouterKeyKind.Bool, 1u << 2),
        new("path", RouterKeyKind.Text, 1u << 3),
        new("host", RouterKeyKind.Text, 1u << 4),
        new("dyno", RouterKeyKind.Text, 1u << 5),
        new("desc", RouterKeyKind.Text, 1u << 6),
        new("sock", RouterKeyKind.Text, 1u << 7),
        new("code", RouterKeyKind.Code, 1u << 8),
        new("bytes", RouterKeyKind.Integer, 1u << 9),
        new("cause", RouterKeyKind.Text, 1u << 10),
        new("agent", RouterKeyKind.Text, 1u << 11),
        new("status", RouterKeyKind.Integer, 1u << 12),
        new("method", RouterKeyKind.Text, 1u << 13),
        new("connect", RouterKeyKind.Milliseconds, 1u << 14),
        new("service", RouterKeyKind.Milliseconds, 1u << 15),
        new("protocol", RouterKeyKind.Text, 1u << 16),
        new("request_id", RouterKeyKind.UniqueText, 1u << 17),
        new("tls_version", RouterKeyKind.Text, 1u << 18),
    ];

    /// <summary>Per key length, the known keys of that length with their two words.</summary>
    private static readonly (ulong Head, ulong Tail, RouterKey Key)[][] ByLength = BuildTable();

    /// <summary>The known key spelled exactly (case-sensitively) as <paramref name="key"/>; false for any other key.</summary>
    public static bool TryClassify(ReadOnlySpan<byte> key, out RouterKey known)
    {
        if ((uint)key.Length <= MaxLength)
        {
            var candidates = ByLength[key.Length];
            if (candidates.Length > 0)
            {
                var (head, tail) = Words(key);
                foreach (var candidate in candidates)
                {
                    if (candidate.Head == head && candidate.Tail == tail)
                    {
                        known = candidate.Key;
                        return true;
                    }
                }
            }
        }

        known = default;
        return false;
    }

    /// <summary>The first and last up-to-8 bytes of a key of 1..16 bytes, little-endian.</summary>
    private static (ulong Head, ulong Tail) Words(ReadOnlySpan<byte> key)
    {
        if (key.Length >= 8)
        {
            return (BinaryPrimitives.ReadUInt64LittleEndian(key), BinaryPrimitives.ReadUInt64LittleEndian(key[^8..]));
        }

        if (key.Length >= 4)
        {
            return (BinaryPrimitives.ReadUInt32LittleEndian(key), BinaryPrimitives.ReadUInt32LittleEndian(key[^4..]));
        }

        if (key.Length >= 2)
        {
            return (BinaryPrimitives.ReadUInt16LittleEndian(key), BinaryPrimitives.ReadUInt16LittleEndian(key[^2..]));
        }

        return key.Length == 1 ? (key[0], key[0]) : (0UL, 0UL);
    }

    private static (ulong, ulong, RouterKey)[][] BuildTable()
    {
        var table = new (ulong, ulong, RouterKey)[MaxLength + 1][];
        for (int length = 0; length <= MaxLength; length++)
        {
            table[length] = All
                .Where(k => k.Name.Length == length)
                .Select(k =>
                {
                    var (head, tail) = Words(System.Text.Encoding.ASCII.GetBytes(k.Name));
                    return (head, tail, k);
                })
                .ToArray();
        }

        return table;
    }
}
