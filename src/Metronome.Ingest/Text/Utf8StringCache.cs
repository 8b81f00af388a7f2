using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Metronome.Ingest.Text;

/// <summary>
/// Turns short ASCII byte strings into strings, reusing one instance per distinct value. Log lines repeat
/// the same keys and many of the same values (<c>at</c>, <c>info</c>, <c>GET</c>, <c>web.1</c>), so this
/// removes most small allocations on the hot path. Direct-mapped and lock-free: a slot holds an immutable
/// string that is compared to the bytes on every hit, so a race only costs a miss.
/// </summary>
internal static class Utf8StringCache
{
    public const int MaxCachedLength = 48;

    private const int SlotCount = 1 << 13;

    private static readonly string?[] Slots = new string?[SlotCount];

    /// <summary>Values common in Heroku lines, loaded up front so that their first use does not allocate.</summary>
    private static readonly string[] WellKnown =
    [
        "at", "info", "warning", "error", "code", "desc", "method", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD",
        "OPTIONS", "path", "/", "host", "request_id", "fwd", "dyno", "connect", "service", "status", "bytes",
        "protocol", "http", "https", "http1.1", "http2.0", "tls", "tls_version", "tls1.2", "tls1.3", "unknown",
        "sock", "client", "backend", "web.1", "web.2", "web.3", "cause", "agent", "heroku", "app", "router",
        "api", "source", "addon", "level", "msg", "time", "id",
    ];

    static Utf8StringCache() => Seed(WellKnown);

    public static string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length == 0)
        {
            return "";
        }

        if (utf8.Length > MaxCachedLength)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        var hash = Hash(utf8);
        if (hash < 0)
        {
            // Not ASCII: rare for repeated values, decode without caching.
            return Encoding.UTF8.GetString(utf8);
        }

        ref var slot = ref Slots[hash & (SlotCount - 1)];
        var cached = slot;
        if (cached is not null && cached.Length == utf8.Length && Ascii.Equals(utf8, cached))
        {
            return cached;
        }

        var created = Encoding.ASCII.GetString(utf8);
        slot = created;
        return created;
    }

    /// <summary>Pre-loads well-known strings so their first use does not allocate.</summary>
    public static void Seed(params ReadOnlySpan<string> values)
    {
        Span<byte> buffer = stackalloc byte[MaxCachedLength];
        foreach (var value in values)
        {
            if (value.Length is 0 or > MaxCachedLength || !Ascii.IsValid(value))
            {
                continue;
            }

            var length = Encoding.ASCII.GetBytes(value, buffer);
            var hash = Hash(buffer[..length]);
            Slots[hash & (SlotCount - 1)] = value;
        }
    }

    /// <summary>A multiplicative hash over 8-byte words; negative when a byte is not ASCII. Every byte is read
    /// through a few overlapping little-endian loads (the last word of a long value, both halves of a short
    /// one) rather than a byte loop: most cached values are a handful of bytes and this runs for each.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        const ulong HighBits = 0x8080808080808080UL;
        int length = bytes.Length;
        ulong h = (ulong)length * 0x9E3779B97F4A7C15UL;
        ulong seen;
        if (length >= 8)
        {
            seen = 0;
            for (int i = 0; i + 8 < length; i += 8)
            {
                ulong word = BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(i, 8));
                seen |= word;
                h = (h ^ word) * 0x100000001B3UL;
                h ^= h >> 29;
            }

            ulong last = BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(length - 8, 8));
            seen |= last;
            h = (h ^ last) * 0x100000001B3UL;
        }
        else
        {
            seen = length >= 4
                ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(length - 4, 4)) << 32)
                : length == 0 ? 0 : bytes[0] | ((ulong)bytes[length >> 1] << 8) | ((ulong)bytes[length - 1] << 16);
            h = (h ^ seen) * 0x100000001B3UL;
        }

        if ((seen & HighBits) != 0)
        {
            return -1;
        }

        h ^= h >> 29;
        return (int)((h ^ (h >> 32)) & 0x7FFFFFFF);
    }
}
