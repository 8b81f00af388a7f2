using System.CommandLine;
using Metronome.Cli.Configuration;
using Metronome.Server.Hosting;
using Metronome.Server.Syslog;
using Microsoft.Extensions.Hosting;

namespace Metronome.Cli.Commands.Serve;

/// <summary><c>metronome serve</c>: runs the server until Ctrl+C or SIGTERM.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var host = new Option<string?>("--host") { Description = "Address to listen on (default 127.0.0.1; env METRONOME_HOST)" };
        var port = new Option<int?>("--port") { Description = "Port to listen on (default 8080; env METRONOME_PORT)" };
        var data = CommonOptions.Data();
        var config = CommonOptions.Config();
        var syslogTcp = new Option<int?>("--syslog-tcp") { Description = "Listen for syslog over TCP on this port (octet counting or newlines; env METRONOME_SYSLOG_TCP)" };
        var syslogUdp = new Option<int?>("--syslog-udp") { Description = "Listen for syslog over UDP on this port (env METRONOME_SYSLOG_UDP)" };
        var syslogApp = new Option<string?>("--syslog-app") { Description = "The app syslog events go to (required with a syslog port; env METRONOME_SYSLOG_APP)" };
        var syslogHost = new Option<string?>("--syslog-host") { Description = "Address the syslog listeners bind (default: --host; env METRONOME_SYSLOG_HOST)" };
        var geoipDb = new Option<string?>("--geoip-db") { Description = "A MaxMind-format .mmdb country or city database for the visitor's country (env METRONOME_GEOIP_DB)" };
        var trustProxy = new Option<bool>("--trust-proxy") { Description = "Behind a trusted proxy: the client address is the first X-Forwarded-For entry (env METRONOME_TRUST_PROXY)" };
        var countryHeader = new Option<string?>("--country-header") { Description = "A header the trusted proxy sets with the country, e.g. CF-IPCountry (env METRONOME_COUNTRY_HEADER)" };
        var keepQueryString = new Option<bool>("--keep-query-string") { Description = "Keep the query string in page paths (env METRONOME_KEEP_QUERY_STRING)" };
        var command = new Command("serve", "Run the Metronome server") { host, port, data, config, syslogTcp, syslogUdp, syslogApp, syslogHost, geoipDb, trustProxy, countryHeader, keepQueryString };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = Settings.Resolve(parse.GetValue(host), parse.GetValue(port), parse.GetValue(data), parse.GetValue(config));
            var syslog = Settings.ResolveSyslog(parse.GetValue(syslogTcp), parse.GetValue(syslogUdp), parse.GetValue(syslogApp), parse.GetValue(syslogHost), parse.GetValue(config));
            var web = Settings.ResolveWeb(parse.GetValue(geoipDb), parse.GetValue(trustProxy), parse.GetValue(countryHeader), parse.GetValue(keepQueryString), parse.GetValue(config));
            if (web.GeoipDb is not null && !File.Exists(web.GeoipDb))
            {
                Console.Error.WriteLine($"--geoip-db: '{web.GeoipDb}' does not exist");
                return 2;
            }

            if ((syslog.TcpPort is not null || syslog.UdpPort is not null) && string.IsNullOrWhiteSpace(syslog.App))
            {
                Console.Error.WriteLine("--syslog-tcp/--syslog-udp need --syslog-app APP: the app the syslog events go to");
                return 2;
            }

            var app = MetronomeServer.Build(new ServerOptions
            {
                Host = settings.Host,
                Port = settings.Port,
                DataDirectory = settings.DataDirectory,
                Web = new WebOptions { MmdbPath = web.GeoipDb, TrustForwardedFor = web.TrustProxy, CountryHeader = web.CountryHeader, KeepQueryString = web.KeepQueryString },
                Syslog = new SyslogOptions { TcpPort = syslog.TcpPort, UdpPort = syslog.UdpPort, App = syslog.App, Host = syslog.Host ?? settings.Host },
            });
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Metronome listening on http://{settings.Host}:{settings.Port} (data in {Path.GetFullPath(settings.DataDirectory)})");
            if (syslog.TcpPort is not null || syslog.UdpPort is not null)
            {
                Console.WriteLine($"Syslog for app {syslog.App}: tcp {syslog.TcpPort?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "off"}, udp {syslog.UdpPort?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "off"}");
            }

            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
