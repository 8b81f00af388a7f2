using System.CommandLine;
using System.Text.Json;
using Metronome.Cli.Configuration;
using Metronome.Server.Hosting;
using Metronome.Storage;
using Spectre.Console;

namespace Metronome.Cli.Commands.Store;

/// <summary><c>metronome store stats|verify</c>, offline against the data directory.</summary>
public static class StoreCommand
{
    public static Command Create()
    {
        var command = new Command("store", "Inspect the embedded store (offline)");
        command.Subcommands.Add(Stats());
        command.Subcommands.Add(Verify());
        return command;
    }

    internal static EventStore OpenStore(ParseResult parse, Option<string?> data, Option<string?> config) =>
        EventStore.Open(ServerOptions.StoreDirectoryOf(Settings.Resolve(null, null, parse.GetValue(data), parse.GetValue(config)).DataDirectory),
            new StoreOptions { MaintenanceInterval = TimeSpan.Zero, SealOnClose = false }.WithServerCodecs());

    private static Command Stats()
    {
        var json = CommonOptions.Json();
        var data = CommonOptions.Data();
        var config = CommonOptions.Config();
        var command = new Command("stats", "Events, segments and bytes per app and day") { json, data, config };
        command.SetAction(async parse =>
        {
            await using var store = OpenStore(parse, data, config);
            var stats = store.GetStatistics();
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(stats, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
                return 0;
            }

            var table = new Table().AddColumns("app", "day", "events", "segments", "bytes");
            foreach (var p in stats.Partitions)
            {
                table.AddRow(p.App, p.Day, p.Events.ToString("N0"), p.Segments.ToString(), p.Bytes.ToString("N0"));
            }

            table.AddRow("[bold]total[/]", "", stats.TotalEvents.ToString("N0"), stats.Partitions.Sum(p => p.Segments).ToString(), stats.TotalBytes.ToString("N0"));
            AnsiConsole.Write(table);
            Console.WriteLine($"{stats.TailEvents:N0} events in the log not yet sealed into segments; {stats.WalFiles} log file(s)");
            return 0;
        });
        return command;
    }

    private static Command Verify()
    {
        var data = CommonOptions.Data();
        var config = CommonOptions.Config();
        var command = new Command("verify", "Check every checksum of every segment (the log is checked when the store opens)") { data, config };
        command.SetAction(async parse =>
        {
            await using var store = OpenStore(parse, data, config);
            var problems = store.Verify();
            var stats = store.GetStatistics();
            foreach (var problem in problems)
            {
                Console.Error.WriteLine(problem);
            }

            Console.WriteLine(problems.Count == 0
                ? $"ok: {stats.Partitions.Sum(p => p.Segments)} segments and the log are intact ({stats.TotalEvents:N0} events)"
                : $"{problems.Count} problem(s) found");
            return problems.Count == 0 ? 0 : 1;
        });
        return command;
    }
}
