using System.Net;
using Metronome.Ingest.Web.Mmdb;

namespace Metronome.Ingest.Web;

/// <summary>
/// The visitor's country as an ISO 3166-1 alpha-2 code: from a MaxMind-format database when one is
/// configured, else (or when the database does not know the address) from a header that a trusted
/// proxy sets, such as Cloudflare's <c>CF-IPCountry</c>, when the server is configured to trust one.
/// Only the server knows whether the header can be trusted, so it passes the value only then.
/// </summary>
public sealed class CountryResolver
{
    public static readonly CountryResolver None = new(null, trustProxyHeader: false);

    private readonly MmdbReader? _database;
    private readonly bool _trustProxyHeader;

    public CountryResolver(MmdbReader? database, bool trustProxyHeader)
    {
        _database = database;
        _trustProxyHeader = trustProxyHeader;
    }

    public string? Resolve(IPAddress? ip, string? proxyHeaderValue)
    {
        if (_database is not null && ip is not null && _database.LookupCountryCode(ip) is { } fromDatabase)
        {
            return fromDatabase;
        }

        return _trustProxyHeader ? FromHeader(proxyHeaderValue) : null;
    }

    /// <summary>Two letters, upper-cased; Cloudflare's "XX" (unknown) and "T1" (Tor) are not countries.</summary>
    private static string? FromHeader(string? value)
    {
        var code = value.AsSpan().Trim();
        if (code.Length != 2 || !char.IsAsciiLetter(code[0]) || !char.IsAsciiLetter(code[1]))
        {
            return null;
        }

        if (code.Equals("XX", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return char.IsAsciiLetterUpper(code[0]) && char.IsAsciiLetterUpper(code[1]) && value!.Length == 2
            ? value
            : code.ToString().ToUpperInvariant();
    }
}
