using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Metronome.Bench.Metronome;

/// <summary>
/// The real Metronome server (`dotnet metronome.dll serve`) as a child process on a loopback port. It is
/// stopped with SIGTERM, as an operator would, so it seals its tail into segments before exiting.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const string AdminTokenMarker = "Admin token";
    private const string ListeningMarker = "Metronome listening on";

    private readonly Process _process;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _output = [];

    private ServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
    }

    public int Pid => _process.Id;

    public int Port { get; }

    public Uri BaseUri { get; }

    /// <summary>The admin token the server printed on its first start in a fresh data dir.</summary>
    public string? AdminToken { get; private set; }

    /// <summary>Starts the server and returns once it listens. <paramref name="serverDll"/> is .build/cli/metronome.dll.</summary>
    public static async Task<ServerProcess> StartAsync(string serverDll, string dataDir, CancellationToken ct, int port = 0)
    {
        if (!File.Exists(serverDll))
            throw new FileNotFoundException($"the server binary {serverDll} is missing; build it with `dotnet build src/Metronome.Cli -c Release -o .build/cli`", serverDll);
        port = port > 0 ? port : FreeLoopbackPort();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { serverDll, "serve", "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", dataDir })
            info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        var server = new ServerProcess(process, port);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2)); // the machine may be busy; startup includes store recovery
        Task exited = process.WaitForExitAsync(timeout.Token);
        Task first = await Task.WhenAny(server._listening.Task, exited);
        if (first != server._listening.Task)
        {
            string output = server.Output();
            await server.DisposeAsync();
            throw new InvalidOperationException($"the Metronome server did not start on port {port}:\n{output}");
        }
        return server;
    }

    /// <summary>Sends SIGTERM and waits for a clean exit (it seals the tail on the way out); kills it after <paramref name="timeout"/>.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
            return _process.ExitCode;
        using (var kill = Process.Start("kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill!.WaitForExitAsync();
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            throw new TimeoutException($"the Metronome server did not stop within {timeout.TotalSeconds:N0} s of SIGTERM and was killed");
        }
        return _process.ExitCode;
    }

    /// <summary>Everything the server printed so far (stdout and stderr).</summary>
    public string Output()
    {
        lock (_output)
            return string.Join('\n', _output);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    /// <summary>A port the kernel just handed out; the small race until the server binds it is acceptable here.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void OnLine(string? line)
    {
        if (line is null)
            return;
        lock (_output)
        {
            if (_output.Count < 200)
                _output.Add(line);
        }
        if (line.StartsWith(AdminTokenMarker, StringComparison.Ordinal))
            AdminToken = line[(line.LastIndexOf(' ') + 1)..].Trim();
        else if (line.StartsWith(ListeningMarker, StringComparison.Ordinal))
            _listening.TrySetResult();
    }
}
