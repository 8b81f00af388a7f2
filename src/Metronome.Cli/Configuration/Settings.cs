using System.Text.Json;

namespace Metronome.Cli.Configuration;

/// <summary>
/// Where settings come from, first match wins: the command line, the environment
/// (<c>METRONOME_HOST</c>, <c>METRONOME_PORT</c>, <c>METRONOME_DATA</c>), the config file
/// (<c>--config</c>, <c>METRONOME_CONFIG</c>, or <c>./metronome.json</c>), the defaults.
/// </summary>
public sealed record Settings(string Host, int Port, string DataDirectory)
{
    public const string DefaultHost = "127.0.0.1";
    public const int DefaultPort = 8080;
    public const string DefaultData = "data";

    public static Settings Resolve(string? host, int? port, string? data, string? configPath)
    {
        var file = LoadFile(configPath ?? Environment.GetEnvironmentVariable("METRONOME_CONFIG") ?? (File.Exists("metronome.json") ? "metronome.json" : null));
        string? envPort = Environment.GetEnvironmentVariable("METRONOME_PORT");
        int? environmentPort = int.TryParse(envPort, out int p) ? p : null;
        if (envPort is not null && environmentPort is null)
        {
            throw new SettingsException($"METRONOME_PORT='{envPort}' is not a port number");
        }

        return new Settings(
            host ?? Environment.GetEnvironmentVariable("METRONOME_HOST") ?? file?.Host ?? DefaultHost,
            port ?? environmentPort ?? file?.Port ?? DefaultPort,
            data ?? Environment.GetEnvironmentVariable("METRONOME_DATA") ?? file?.Data ?? DefaultData);
    }

    /// <summary>The syslog listeners' settings, same precedence: <c>--syslog-tcp/--syslog-udp/--syslog-app/--syslog-host</c>,
    /// <c>METRONOME_SYSLOG_TCP</c>, <c>_UDP</c>, <c>_APP</c>, <c>_HOST</c>, then the config file's <c>syslogTcp</c>,
    /// <c>syslogUdp</c>, <c>syslogApp</c>, <c>syslogHost</c>. Ports left unset keep the listeners off.</summary>
    public static SyslogSettings ResolveSyslog(int? tcp, int? udp, string? app, string? host, string? configPath)
    {
        var file = LoadFile(configPath ?? Environment.GetEnvironmentVariable("METRONOME_CONFIG") ?? (File.Exists("metronome.json") ? "metronome.json" : null));
        return new SyslogSettings(
            tcp ?? EnvironmentPort("METRONOME_SYSLOG_TCP") ?? file?.SyslogTcp,
            udp ?? EnvironmentPort("METRONOME_SYSLOG_UDP") ?? file?.SyslogUdp,
            app ?? Environment.GetEnvironmentVariable("METRONOME_SYSLOG_APP") ?? file?.SyslogApp,
            host ?? Environment.GetEnvironmentVariable("METRONOME_SYSLOG_HOST") ?? file?.SyslogHost);
    }

    /// <summary>Web enrichment settings, same precedence: <c>--geoip-db/--trust-proxy/--country-header/--keep-query-string</c>,
    /// <c>METRONOME_GEOIP_DB</c>, <c>METRONOME_TRUST_PROXY</c>, <c>METRONOME_COUNTRY_HEADER</c>, <c>METRONOME_KEEP_QUERY_STRING</c>,
    /// then the config file's <c>geoipDb</c>, <c>trustProxy</c>, <c>countryHeader</c>, <c>keepQueryString</c>.</summary>
    public static WebSettings ResolveWeb(string? geoipDb, bool trustProxy, string? countryHeader, bool keepQueryString, string? configPath)
    {
        var file = LoadFile(configPath ?? Environment.GetEnvironmentVariable("METRONOME_CONFIG") ?? (File.Exists("metronome.json") ? "metronome.json" : null));
        return new WebSettings(
            geoipDb ?? Environment.GetEnvironmentVariable("METRONOME_GEOIP_DB") ?? file?.GeoipDb,
            trustProxy || (EnvironmentFlag("METRONOME_TRUST_PROXY") ?? file?.TrustProxy ?? false),
            countryHeader ?? Environment.GetEnvironmentVariable("METRONOME_COUNTRY_HEADER") ?? file?.CountryHeader,
            keepQueryString || (EnvironmentFlag("METRONOME_KEEP_QUERY_STRING") ?? file?.KeepQueryString ?? false));
    }

    private static bool? EnvironmentFlag(string name) => Environment.GetEnvironmentVariable(name) switch
    {
        null => null,
        "1" or "true" or "True" or "TRUE" or "yes" => true,
        "0" or "false" or "False" or "FALSE" or "no" or "" => false,
        var text => throw new SettingsException($"{name}='{text}' is not true or false"),
    };

    private static int? EnvironmentPort(string name)
    {
        string? text = Environment.GetEnvironmentVariable(name);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, out int port) ? port : throw new SettingsException($"{name}='{text}' is not a port number");
    }

    private static ConfigFile? LoadFile(string? path)
    {
        if (path is null)
        {
            return null;
        }

        if (!File.Exists(path))
        {
            throw new SettingsException($"config file '{path}' does not exist");
        }

        try
        {
            return JsonSerializer.Deserialize<ConfigFile>(File.ReadAllText(path), new JsonSerializerOptions { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new SettingsException($"config file '{path}' is not valid JSON: {ex.Message}");
        }
    }

    private sealed record ConfigFile(string? Host, int? Port, string? Data, int? SyslogTcp = null, int? SyslogUdp = null, string? SyslogApp = null, string? SyslogHost = null,
        string? GeoipDb = null, bool? TrustProxy = null, string? CountryHeader = null, bool? KeepQueryString = null);
}

/// <summary>Syslog listener settings; null ports mean off, a null host means the server's host.</summary>
public sealed record SyslogSettings(int? TcpPort, int? UdpPort, string? App, string? Host);

/// <summary>Web enrichment settings (<c>ServerOptions.Web</c>): the .mmdb file, whether X-Forwarded-For is
/// trusted, the proxy's country header, and whether page paths keep their query string.</summary>
public sealed record WebSettings(string? GeoipDb, bool TrustProxy, string? CountryHeader, bool KeepQueryString);

public sealed class SettingsException(string message) : Exception(message);
