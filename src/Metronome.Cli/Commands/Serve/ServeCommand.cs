using System.CommandLine;
using Metronome.Cli.Configuration;
using Metronome.Server.Hosting;
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
        var command = new Command("serve", "Run the Metronome server") { host, port, data, config };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = Settings.Resolve(parse.GetValue(host), parse.GetValue(port), parse.GetValue(data), parse.GetValue(config));
            var app = MetronomeServer.Build(new ServerOptions { Host = settings.Host, Port = settings.Port, DataDirectory = settings.DataDirectory });
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Metronome listening on http://{settings.Host}:{settings.Port} (data in {Path.GetFullPath(settings.DataDirectory)})");
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
