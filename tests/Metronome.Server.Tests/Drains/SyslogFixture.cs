using System.Diagnostics;
using Metronome.Core.Events;
using Metronome.Server.Syslog;
using Microsoft.Extensions.DependencyInjection;

namespace Metronome.Server.Tests.Drains;

/// <summary>An in-process server whose syslog listeners (real sockets) take the fixture's app, and helpers
/// to run the system's syslog tools against them.</summary>
internal static class SyslogFixture
{
    public const string App = "blog";

    public static Task<ServerFixture> StartAsync() =>
        ServerFixture.StartAsync(o => o with { Syslog = new SyslogOptions { TcpPort = 0, UdpPort = 0, App = App } });

    public static int TcpPort(this ServerFixture server) => server.Services.GetRequiredService<SyslogTcpListener>().Port;

    public static int UdpPort(this ServerFixture server) => server.Services.GetRequiredService<SyslogUdpListener>().Port;

    /// <summary>Waits until an event whose message contains <paramref name="marker"/> is stored.</summary>
    public static async Task<Event> WaitForAsync(ServerFixture server, string marker, string? diagnostics = null)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            var found = LogplexBodies.Events(server.Services, App)
                .FirstOrDefault(e => e.Get("message").ToString().Contains(marker, StringComparison.Ordinal));
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(50);
        }

        var seen = LogplexBodies.Events(server.Services, App).Select(e => e.Get("_raw").ToString());
        throw new Xunit.Sdk.XunitException($"no event with '{marker}' arrived in 20 s; stored: [{string.Join(" | ", seen)}] {diagnostics}");
    }

    public static string Tool(string name)
    {
        foreach (string dir in new[] { "/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin" })
        {
            string path = Path.Combine(dir, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new Xunit.Sdk.XunitException($"{name} is not installed: test.sh installs rsyslog and bsdutils (apt-get install rsyslog bsdutils)");
    }

    public static async Task<string> RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        string output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {output}");
        return output;
    }

    public static int FreePort(System.Net.Sockets.ProtocolType protocol)
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork,
            protocol == System.Net.Sockets.ProtocolType.Udp ? System.Net.Sockets.SocketType.Dgram : System.Net.Sockets.SocketType.Stream, protocol);
        socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        return ((System.Net.IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
