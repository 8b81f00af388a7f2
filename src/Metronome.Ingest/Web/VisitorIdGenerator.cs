using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Metronome.Ingest.Web;

/// <summary>
/// Counts unique visitors without cookies, the way Plausible does: a visitor id is the first 64 bits
/// of SHA-256(daily salt, app, IP address, user agent). The salt is random and changes every UTC day,
/// and salts older than two days are deleted, so ids cannot be linked across days nor reversed into
/// IP addresses once the salt is gone. The IP address itself is never stored. Thread-safe.
/// </summary>
public sealed class VisitorIdGenerator
{
    private const int StackLimit = 1024;

    private readonly ISaltStore _store;
    private readonly TimeProvider _clock;
    private readonly Lock _rotateLock = new();
    private volatile DaySalt? _current;

    public VisitorIdGenerator(ISaltStore store, TimeProvider clock)
    {
        _store = store;
        _clock = clock;
    }

    /// <summary>The visitor id for a hit that arrives now.</summary>
    public long Compute(ReadOnlySpan<char> app, IPAddress? ip, ReadOnlySpan<char> userAgent)
    {
        var salt = CurrentSalt();
        if (ip is not null && ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }

        Span<byte> address = stackalloc byte[16];
        var addressLength = ip is not null && ip.TryWriteBytes(address, out var written) ? written : 0;

        var length = salt.Length + 4 + Encoding.UTF8.GetMaxByteCount(app.Length) + 1 + addressLength
            + Encoding.UTF8.GetMaxByteCount(userAgent.Length);
        byte[]? rented = null;
        Span<byte> buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            // Length prefixes keep ("ab", "c") and ("a", "bc") apart.
            var at = 0;
            salt.CopyTo(buffer);
            at += salt.Length;
            var appBytes = Encoding.UTF8.GetBytes(app, buffer[(at + 4)..]);
            BinaryPrimitives.WriteInt32LittleEndian(buffer[at..], appBytes);
            at += 4 + appBytes;
            buffer[at++] = (byte)addressLength;
            address[..addressLength].CopyTo(buffer[at..]);
            at += addressLength;
            at += Encoding.UTF8.GetBytes(userAgent, buffer[at..]);

            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer[..at], hash);
            return BinaryPrimitives.ReadInt64LittleEndian(hash);
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
    public void Rotate() => CurrentSalt();

    private byte[] CurrentSalt()
    {
        var today = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
        var current = _current;
        if (current is not null && current.Day == today)
        {
            return current.Salt;
        }

        lock (_rotateLock)
        {
            current = _current;
            if (current is null || current.Day != today)
            {
                current = new DaySalt(today, _store.GetOrCreate(today));
                // Keep today's and yesterday's salts: "older than two days" are gone.
                _store.DeleteBefore(today.AddDays(-1));
                _current = current;
            }

            return current.Salt;
        }
    }

    private sealed record DaySalt(DateOnly Day, byte[] Salt);
}
