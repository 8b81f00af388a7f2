using Metronome.Core.Events.Batches;
using Metronome.Core.Text;

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

/// <summary>One documented router key: its interned name (encoded for the batch), how its value is typed, and
/// its bit in a set of keys seen on a line.</summary>
internal readonly record struct RouterKey(BatchKey Key, RouterKeyKind Kind, uint Bit)
{
    public string Name => Key.Name;
}

/// <summary>Recognises the documented router keys from their bytes and gives their interned names, so the hot
/// path needs no string hashing or cache lookup for keys. A key is read as two little-endian words from its
/// start and its end (overlapping when short): with its length they determine every byte. A multiplicative
/// hash of them picks the one slot a known key can be in (the multiplier is chosen at start-up so that the
/// known keys do not collide), so a key is one hash and one compare, with no loop over candidates.</summary>
internal static class RouterKeys
{
    private const int MaxLength = 16;
    private const int SlotBits = 7;

    /// <summary>The documented keys (heroku-log-formats.md 2.1). None of them is a reserved field name, so a
    /// parsed router key is never renamed (a test checks it).</summary>
    public static readonly RouterKey[] All =
    [
        new(new("at"), RouterKeyKind.Text, 1u << 0),
        new(new("fwd"), RouterKeyKind.UniqueText, 1u << 1),
        new(new("tls"), RouterKeyKind.Bool, 1u << 2),
        new(new("path"), RouterKeyKind.Text, 1u << 3),
        new(new("host"), RouterKeyKind.Text, 1u << 4),
        new(new("dyno"), RouterKeyKind.Text, 1u << 5),
        new(new("desc"), RouterKeyKind.Text, 1u << 6),
        new(new("sock"), RouterKeyKind.Text, 1u << 7),
        new(new("code"), RouterKeyKind.Code, 1u << 8),
        new(new("bytes"), RouterKeyKind.Integer, 1u << 9),
        new(new("cause"), RouterKeyKind.Text, 1u << 10),
        new(new("agent"), RouterKeyKind.Text, 1u << 11),
        new(new("status"), RouterKeyKind.Integer, 1u << 12),
        new(new("method"), RouterKeyKind.Text, 1u << 13),
        new(new("connect"), RouterKeyKind.Milliseconds, 1u << 14),
        new(new("service"), RouterKeyKind.Milliseconds, 1u << 15),
        new(new("protocol"), RouterKeyKind.Text, 1u << 16),
        new(new("request_id"), RouterKeyKind.UniqueText, 1u << 17),
        new(new("tls_version"), RouterKeyKind.Text, 1u << 18),
    ];

    private static readonly ulong Multiplier = FindMultiplier();

    /// <summary>By slot, the known key there with its length and two words; empty slots have length 0.</summary>
    private static readonly (ulong Head, ulong Tail, int Length, RouterKey Key)[] Slots = BuildSlots();

    /// <summary>The known key spelled exactly (case-sensitively) as <paramref name="key"/>; false for any other key.</summary>
    public static bool TryClassify(ReadOnlySpan<byte> key, out RouterKey known)
    {
        if ((uint)(key.Length - 1) < MaxLength)
        {
            var (head, tail) = ShortWords.Of(key);
            ref readonly var slot = ref Slots[Slot(head, tail, key.Length, Multiplier)];
            if (slot.Head == head && slot.Tail == tail && slot.Length == key.Length)
            {
                known = slot.Key;
                return true;
            }
        }

        known = default;
        return false;
    }

    private static int Slot(ulong head, ulong tail, int length, ulong multiplier) =>
        (int)(((head ^ (tail * 0x9E3779B97F4A7C15UL) ^ (ulong)length) * multiplier) >> (64 - SlotBits));

    /// <summary>The first odd multiplier of a fixed sequence under which no two known keys share a slot.</summary>
    private static ulong FindMultiplier()
    {
        var words = All.Select(k => ShortWords.Of(System.Text.Encoding.ASCII.GetBytes(k.Name))).ToArray();
        for (ulong multiplier = 0xD6E8FEB86659FD93UL; ; multiplier += 0x9E3779B97F4A7C16UL)
        {
            var slots = All.Select((k, i) => Slot(words[i].Head, words[i].Tail, k.Name.Length, multiplier));
            if (slots.Distinct().Count() == All.Length)
            {
                return multiplier;
            }
        }
    }

    private static (ulong, ulong, int, RouterKey)[] BuildSlots()
    {
        var slots = new (ulong, ulong, int, RouterKey)[1 << SlotBits];
        foreach (var key in All)
        {
            var (head, tail) = ShortWords.Of(System.Text.Encoding.ASCII.GetBytes(key.Name));
            slots[Slot(head, tail, key.Name.Length, Multiplier)] = (head, tail, key.Name.Length, key);
        }

        return slots;
    }
}
