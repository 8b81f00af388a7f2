using System.Diagnostics;

namespace Metronome.Bench.TickLoad;

/// <summary>Runs a command-line tool (wrk, pgbench, psql) to completion and captures its output.</summary>
public static class ToolProcess
{
    public sealed record Outcome(int ExitCode, string StandardOutput, string StandardError);

    public static async Task<Outcome> RunAsync(string file, IEnumerable<string> arguments, CancellationToken ct, string? standardInput = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(ct);
        Task<string> stderr = process.StandardError.ReadToEndAsync(ct);
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), ct);
            process.StandardInput.Close();
        }
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new Outcome(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs the tool and throws with its output when it fails.</summary>
    public static async Task<string> RunCheckedAsync(string file, IEnumerable<string> arguments, CancellationToken ct, string? standardInput = null)
    {
        var args = arguments.ToList();
        Outcome outcome = await RunAsync(file, args, ct, standardInput);
        if (outcome.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {outcome.ExitCode}:\n{outcome.StandardError}{outcome.StandardOutput}");
        return outcome.StandardOutput;
    }
}
