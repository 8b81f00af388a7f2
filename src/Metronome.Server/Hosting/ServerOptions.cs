using Metronome.Ingest.Ticks;
using Metronome.Storage;

namespace Metronome.Server.Hosting;

/// <summary>Everything the server is configured with (command line, environment, config file).</summary>
public sealed record ServerOptions
{
    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 8080;

    public string DataDirectory { get; init; } = "data";

    /// <summary>Where the embedded store keeps its log and segments.</summary>
    public string StoreDirectory => StoreDirectoryOf(DataDirectory);

    public static string StoreDirectoryOf(string dataDirectory) => Path.Combine(dataDirectory, "store");

    /// <summary>Largest request body accepted (after decompression too), in bytes.</summary>
    public long MaxBodyBytes { get; init; } = 8L * 1024 * 1024;

    public TickLimits Ticks { get; init; } = new();

    public StoreOptions Store { get; init; } = new();

    /// <summary>How often retention runs.</summary>
    public TimeSpan RetentionInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Web analytics enrichment of ticks (visitor, browser, source, country, ...).</summary>
    public WebOptions Web { get; init; } = new();

    /// <summary>Heroku log drains: the redelivery window.</summary>
    public Drains.DrainOptions Drains { get; init; } = new();

    /// <summary>Syslog listeners (off unless a port is set).</summary>
    public Syslog.SyslogOptions Syslog { get; init; } = new();
}

/// <summary>How ticks are enriched for web analytics.</summary>
public sealed record WebOptions
{
    /// <summary>A MaxMind-format <c>.mmdb</c> country (or city) database; none by default.</summary>
    public string? MmdbPath { get; init; }

    /// <summary>When set, the server sits behind a trusted proxy: the client address comes from the
    /// first <c>X-Forwarded-For</c> entry instead of the connection. Never set it on a server that
    /// clients reach directly: they could choose their visitor id.</summary>
    public bool TrustForwardedFor { get; init; }

    /// <summary>A country header that the trusted proxy sets (e.g. <c>CF-IPCountry</c>); ignored when null.</summary>
    public string? CountryHeader { get; init; }

    /// <summary>Keep the query string in <c>page</c>; dropped by default.</summary>
    public bool KeepQueryString { get; init; }
}
