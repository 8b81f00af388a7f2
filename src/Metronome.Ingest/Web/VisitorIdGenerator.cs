using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;

namespace Metronome.Ingest.Web;

/// <summary>
/// Counts unique visitors without cookies, the way Plausible does: a visitor id is the 64-bit
/// SipHash-2-4 of (app, IP address, user agent) keyed with a salt that is random and changes every UTC
/// day. Salts older than two days are deleted, so ids cannot be linked across days nor turned back into
/// IP addresses once the salt is gone. The IP address itself is never stored. Thread-safe.
/// </summary>
public sealed class VisitorIdGenerator
{
    private const int StackLimit = 1024;

    private readonly ISaltStore _store;
    private readonly TimeProvider _clock;
    private readonly Lock _rotateLock = new();
    private volatile DayKey? _current;

    public VisitorIdGenerator(ISaltStore store, TimeProvider clock)
    {
        _store = store;
        _clock = clock;
    }

    /// <summary>The visitor id for a hit that arrives now.</summary>
    public long Compute(ReadOnlySpan<char> app, IPAddress? ip, ReadOnlySpan<char> userAgent)
    {
        var key = CurrentKey();
        if (ip is not null && ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }

        // The message: app, address and user agent, each behind its length so that ("ab", "c") and
        // ("a", "bc") differ. Strings go in as their UTF-16 bytes: no transcoding on the hot path.
        var appBytes = MemoryMarshal.AsBytes(app);
        var agentBytes = MemoryMarshal.AsBytes(userAgent);
        var length = 4 + appBytes.Length + 1 + 16 + agentBytes.Length;
        byte[]? rented = null;
        Span<byte> buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            BinaryPrimitives.WriteInt32LittleEndian(buffer, app.Length);
            appBytes.CopyTo(buffer[4..]);
            var at = 4 + appBytes.Length;
            var addressLength = ip is not null && ip.TryWriteBytes(buffer[(at + 1)..], out var written) ? written : 0;
            buffer[at] = (byte)addressLength;
            at += 1 + addressLength;
            agentBytes.CopyTo(buffer[at..]);
            at += agentBytes.Length;

            return (long)SipHash24.Hash(key.Key, buffer[..at]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Moves to today's salt and deletes expired ones. Happens on the first hit of a day by
    /// itself; a server may also call it from a timer so that salts expire on quiet days too.</summary>
    public void Rotate() => CurrentKey();

    private DayKey CurrentKey()
    {
        var today = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
        var current = _current;
        if (current is not null && current.Day == today)
        {
            return current;
        }

        lock (_rotateLock)
        {
            current = _current;
            if (current is null || current.Day != today)
            {
                current = new DayKey(today, FoldToKey(_store.GetOrCreate(today)));
                // Keep today's and yesterday's salts: "older than two days" are gone.
                _store.DeleteBefore(today.AddDays(-1));
                _current = current;
            }

            return current;
        }
    }

    /// <summary>SipHash takes a 16-byte key: fold the 32-byte salt in half.</summary>
    private static byte[] FoldToKey(byte[] salt)
    {
        var key = new byte[16];
        for (var i = 0; i < salt.Length; i++)
        {
            key[i % 16] ^= salt[i];
        }

        return key;
    }

    private sealed record DayKey(DateOnly Day, byte[] Key);
}
