using System.CommandLine;

namespace Metronome.Cli.Commands;

/// <summary>Options shared by several commands.</summary>
public static class CommonOptions
{
    public static Option<string?> Data() => new("--data") { Description = "Data directory (default ./data; env METRONOME_DATA)" };

    public static Option<string?> Config() => new("--config") { Description = "JSON config file with host, port, data (default ./metronome.json when present)" };

    public static Option<bool> Json() => new("--json") { Description = "Print JSON instead of a table" };
}
