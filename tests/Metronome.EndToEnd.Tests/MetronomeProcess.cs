using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Metronome.EndToEnd.Tests;

/// <summary>The real <c>metronome serve</c> process on a free loopback port.</summary>
public sealed class MetronomeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private MetronomeProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public string? AdminToken { get; private set; }

    public static async Task<MetronomeProcess> StartAsync(string dataDirectory, int? port = null)
    {
        int chosen = port ?? FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (string arg in new[] { RepoPaths.Cli, "serve", "--port", chosen.ToString(), "--data", dataDirectory })
        {
            info.ArgumentList.Add(arg);
        }

        var server = new MetronomeProcess(Process.Start(info)!, chosen);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server._process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (server._output)
            {
                server._output.Add(e.Data);
            }

            if (e.Data.StartsWith("Admin token", StringComparison.Ordinal))
            {
                server.AdminToken = e.Data.Split(": ", 2)[1].Trim();
            }

            if (e.Data.Contains("listening on", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        server._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (server._output)
                {
                    server._output.Add("stderr: " + e.Data);
                }
            }
        };
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        var exited = server._process.WaitForExitAsync();
        var first = await Task.WhenAny(ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != ready.Task)
        {
            throw new InvalidOperationException("metronome serve did not start:\n" + server.Output);
        }

        return server;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as a service manager stops it, and waits for a clean exit.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]);
        await kill.WaitForExitAsync();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
        await Task.CompletedTask;
    }

    internal static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
