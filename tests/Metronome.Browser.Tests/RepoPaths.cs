using System.Diagnostics;

namespace Metronome.Browser.Tests;

/// <summary>Finds the repository and the real CLI binary, building it with ./metronome when missing.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> CliDll = new(EnsureCli);

    public static string Root { get; } = FindRoot();

    public static string Cli => CliDll.Value;

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Metronome.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (Metronome.slnx)");
    }

    private static string EnsureCli()
    {
        // ./metronome rebuilds when sources are newer than its build, exactly as a user's first run does.
        var build = Process.Start(new ProcessStartInfo(Path.Combine(Root, "metronome"), "--help")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Root,
        })!;
        build.StandardOutput.ReadToEnd();
        string errors = build.StandardError.ReadToEnd();
        build.WaitForExit();
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException("./metronome --help failed: " + errors);
        }

        return Path.Combine(Root, ".build", "cli", "metronome.dll");
    }
}
