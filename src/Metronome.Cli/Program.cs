using System.CommandLine;
using Metronome.Cli.Commands.Apps;
using Metronome.Cli.Commands.Import;
using Metronome.Cli.Commands.Serve;
using Metronome.Cli.Commands.Store;
using Metronome.Cli.Configuration;
using Metronome.Server.Apps;
using Metronome.Storage;
using Metronome.Storage.Wal;

var root = new RootCommand("Metronome: self-hosted analytics and log analytics")
{
    ServeCommand.Create(),
    AppsCommand.Create(),
    ImportCommand.Create(),
    StoreCommand.Create(),
    Metronome.Cli.Commands.Query.QueryCommand.Create(),
};

try
{
    return await root.Parse(args).InvokeAsync();
}
catch (Exception ex) when (ex is SettingsException or RegistryException or WalCorruptionException or StoreUnavailableException or IOException)
{
    // Expected failures get one clear line, not a stack trace.
    Console.Error.WriteLine("metronome: " + ex.Message);
    return 1;
}
