using System.Net.Sockets;
using System.Text;
using Metronome.Server.Syslog;

namespace Metronome.Server.Tests.Drains;

/// <summary>The TCP and UDP listeners fed by hand-made messages (framing details), by util-linux
/// <c>logger</c>, and by a private rsyslogd forwarding over TCP (octet counting) and UDP.</summary>
public sealed class SyslogListenerTests
{
    [Fact]
    public async Task Tcp_takes_octet_counted_and_newline_framed_messages_split_anywhere()
    {
        await using var server = await SyslogFixture.StartAsync();
        string m1 = "<134>1 2024-03-10T12:00:00.5Z web01 nginx 42 ID7 [x@1 a=\"b\"] tcp-octet-one";
        string m2 = "<13>Mar 10 12:00:01 web02 cron[99]: tcp-newline-two";
        byte[] stream = Encoding.UTF8.GetBytes($"{Encoding.UTF8.GetByteCount(m1)} {m1}{m2}\r\n");
        using (var client = new TcpClient())
        {
            await client.ConnectAsync("127.0.0.1", server.TcpPort());
            var net = client.GetStream();
            foreach (var piece in stream.Chunk(7))
            {
                await net.WriteAsync(piece);
                await net.FlushAsync();
            }
        }

        var first = await SyslogFixture.WaitForAsync(server, "tcp-octet-one");
        Assert.Equal("web01", first.Get("_sourcehost").ToString());
        Assert.Equal("nginx", first.Get("app").ToString());
        Assert.Equal("42", first.Get("proc").ToString());
        Assert.Equal("ID7", first.Get("msgid").ToString());
        Assert.Equal("syslog", first.Get("_sourcecategory").ToString());
        Assert.Equal(m1, first.Get("_raw").ToString());
        var second = await SyslogFixture.WaitForAsync(server, "tcp-newline-two");
        Assert.Equal("cron", second.Get("app").ToString());
        Assert.Equal("99", second.Get("proc").ToString());
        Assert.Equal("web02", second.Get("_sourcehost").ToString());
    }

    [Fact]
    public async Task Udp_takes_one_message_per_datagram_and_keeps_garbage_raw()
    {
        await using var server = await SyslogFixture.StartAsync();
        using var udp = new UdpClient();
        udp.Connect("127.0.0.1", server.UdpPort());
        await udp.SendAsync(Encoding.UTF8.GetBytes("<30>1 2024-03-10T12:00:02+01:00 db01 postgres 7 - - udp-five-four-two-four"));
        await udp.SendAsync(Encoding.UTF8.GetBytes("no pri here udp-garbage"));

        var e = await SyslogFixture.WaitForAsync(server, "udp-five-four-two-four");
        Assert.Equal("postgres", e.Get("app").ToString());
        Assert.Equal(new DateTimeOffset(2024, 3, 10, 11, 0, 2, TimeSpan.Zero), Metronome.Core.Time.UnixTime.FromMicroseconds(e.TimeUs));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!LogplexBodies.Events(server.Services, SyslogFixture.App).Any(x => x.Name == "unparsed") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var garbage = Assert.Single(LogplexBodies.Events(server.Services, SyslogFixture.App), x => x.Name == "unparsed");
        Assert.Equal("no pri here udp-garbage", garbage.Get("_raw").ToString());
        string metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Contains($"reason=\"{SyslogUdpListener.Source}_malformed_syslog\"}} 1", metrics);
    }

    [Fact]
    public async Task Logger_reaches_both_listeners_in_rfc5424_and_rfc3164()
    {
        string logger = SyslogFixture.Tool("logger");
        await using var server = await SyslogFixture.StartAsync();
        string tcp = server.TcpPort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        string udp = server.UdpPort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        await SyslogFixture.RunAsync(logger, "--server", "127.0.0.1", "--port", tcp, "--tcp", "--octet-count", "--rfc5424", "-t", "billing", "-p", "local3.warning", "logger tcp octet 5424 marker");
        await SyslogFixture.RunAsync(logger, "--server", "127.0.0.1", "--port", tcp, "--tcp", "--rfc3164", "-t", "billing", "logger tcp newline 3164 marker");
        await SyslogFixture.RunAsync(logger, "--server", "127.0.0.1", "--port", udp, "--udp", "--rfc5424", "-t", "billing", "logger udp 5424 marker");
        await SyslogFixture.RunAsync(logger, "--server", "127.0.0.1", "--port", udp, "--udp", "--rfc3164", "-t", "billing", "logger udp 3164 marker");

        var tcp5424 = await SyslogFixture.WaitForAsync(server, "logger tcp octet 5424 marker");
        Assert.Equal("billing", tcp5424.Get("app").ToString());
        Assert.Equal("local3", tcp5424.Get("_facility").ToString());
        Assert.Equal("warning", tcp5424.Get("_severity").ToString());
        foreach (string marker in new[] { "logger tcp newline 3164 marker", "logger udp 5424 marker", "logger udp 3164 marker" })
        {
            var e = await SyslogFixture.WaitForAsync(server, marker);
            Assert.Equal("billing", e.Get("app").ToString());
            Assert.Equal(marker, e.Get("message").ToString());
        }
    }

    [Fact]
    public async Task Rsyslog_forwards_over_tcp_with_octet_counting_and_over_udp()
    {
        string rsyslogd = SyslogFixture.Tool("rsyslogd");
        string logger = SyslogFixture.Tool("logger");
        await using var server = await SyslogFixture.StartAsync();
        string work = Path.Combine(Path.GetTempPath(), "metronome-rsyslog-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        int inTcp = SyslogFixture.FreePort(ProtocolType.Tcp);
        int inUdp = SyslogFixture.FreePort(ProtocolType.Udp);
        string config = Path.Combine(work, "rsyslog.conf");
        File.WriteAllText(config, $$"""
            global(workDirectory="{{work}}")
            module(load="imtcp")
            module(load="imudp")
            input(type="imtcp" address="127.0.0.1" port="{{inTcp}}" ruleset="toTcp")
            input(type="imudp" address="127.0.0.1" port="{{inUdp}}" ruleset="toUdp")
            ruleset(name="toTcp") {
                action(type="omfwd" target="127.0.0.1" port="{{server.TcpPort()}}" protocol="tcp" TCP_Framing="octet-counted" template="RSYSLOG_SyslogProtocol23Format")
            }
            ruleset(name="toUdp") {
                action(type="omfwd" target="127.0.0.1" port="{{server.UdpPort()}}" protocol="udp" template="RSYSLOG_ForwardFormat")
            }
            """);
        string pidFile = Path.Combine(work, "rsyslogd.pid");
        var info = new System.Diagnostics.ProcessStartInfo(rsyslogd) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "-n", "-f", config, "-i", pidFile })
        {
            info.ArgumentList.Add(arg);
        }

        using var daemon = System.Diagnostics.Process.Start(info)!;
        var output = new StringBuilder();
        daemon.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        daemon.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        daemon.BeginOutputReadLine();
        daemon.BeginErrorReadLine();
        try
        {
            await WaitForTcpAsync(inTcp, daemon, output);
            await SyslogFixture.RunAsync(logger, "--server", "127.0.0.1", "--port", inTcp.ToString(System.Globalization.CultureInfo.InvariantCulture), "--tcp", "--rfc5424", "-t", "shop", "-p", "local7.info", "order=42 status=ok note=\"via rsyslog tcp\"");
            await SyslogFixture.RunAsync(logger, "--server", "127.0.0.1", "--port", inUdp.ToString(System.Globalization.CultureInfo.InvariantCulture), "--udp", "--rfc3164", "-t", "shop", "-p", "local7.err", "via rsyslog udp");

            var tcp = await SyslogFixture.WaitForAsync(server, "via rsyslog tcp", Describe(output));
            Assert.Equal("shop", tcp.Get("app").ToString());
            Assert.Equal("local7", tcp.Get("_facility").ToString());
            Assert.Equal("info", tcp.Get("_severity").ToString());
            Assert.Equal(42, tcp.Get("order").AsLong); // logfmt in the message is parsed
            Assert.StartsWith("<190>1 ", tcp.Get("_raw").ToString(), StringComparison.Ordinal);
            var udp = await SyslogFixture.WaitForAsync(server, "via rsyslog udp", Describe(output));
            Assert.Equal("shop", udp.Get("app").ToString());
            Assert.Equal("err", udp.Get("_severity").ToString());
            Assert.Equal("via rsyslog udp", udp.Get("message").ToString());
        }
        finally
        {
            daemon.Kill();
            await daemon.WaitForExitAsync();
            Directory.Delete(work, recursive: true);
        }
    }

    private static string Describe(StringBuilder output)
    {
        lock (output)
        {
            return "rsyslogd said: " + output;
        }
    }

    private static async Task WaitForTcpAsync(int port, System.Diagnostics.Process daemon, StringBuilder output)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            if (daemon.HasExited)
            {
                break;
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new Xunit.Sdk.XunitException($"rsyslogd did not listen on {port}; {Describe(output)}");
    }
}
