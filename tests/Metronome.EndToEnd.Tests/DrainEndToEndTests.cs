using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Metronome.EndToEnd.Tests;

/// <summary>Heroku drain bodies posted to the real server binary, redelivered across a restart, and the same
/// formats loaded with <c>metronome import</c>; the events are counted back with <c>store stats</c>.</summary>
public sealed class DrainEndToEndTests : IDisposable
{
    private const string Token = "d.fc6b856b-3332-4546-93de-7d0ee272c3bd";

    private static readonly string[] Messages =
    [
        "<174>1 2012-07-22T00:06:26+00:00 host erlang console - Hi from erlang\n",
        "<158>1 2022-06-13T14:52:23.622778+00:00 host heroku router - at=info method=GET path=\"/cart_link\" host=lumberjack-store.timber.io request_id=05726858-c44e-4f94-9a20-37df73be9006 fwd=\"73.75.38.87\" dyno=web.1 connect=1ms service=22ms status=304 bytes=656 protocol=http\n",
        "<45>1 2014-11-11T08:24:24.497145+00:00 host heroku web.1 - State changed from starting to up\n",
        "<190>1 2022-06-13T14:52:25+00:00 host app web.1 - @[production.register] {\"uid\":123}\n",
        "<172>1 2014-11-11T08:24:25+00:00 host heroku logplex - Error L10 (output buffer overflow): 7 messages dropped since 2014-11-07T23:29:45+00:00.",
    ];

    private readonly string _data = Path.Combine(Path.GetTempPath(), "metronome-e2e-drain-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Logplex_bodies_posted_to_the_binary_are_stored_once_even_when_redelivered_across_a_restart()
    {
        var (code, output, error) = await CliRunner.RunAsync("apps", "create", "herokuapp", "--json", "--data", _data);
        Assert.True(code == 0, error);
        string write = JsonDocument.Parse(output).RootElement.GetProperty("writeKey").GetString()!;
        string body = string.Concat(Messages.Select(Frame));
        string garbage = Frame(Messages[1]) + "\x00\x01 not logplex " + Frame(Messages[2]);

        await using (var server = await MetronomeProcess.StartAsync(_data))
        {
            using var client = server.CreateClient();
            for (int attempt = 0; attempt < 2; attempt++)
            {
                using var response = await client.SendAsync(Drain(body, "09C557EAFCFB6CF2740EE62F62971098", basicPassword: write));
                Assert.True(response.StatusCode == HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
            }

            using (var labelled = await client.SendAsync(Drain(garbage, "1111", query: $"?key={write}&category=prod&name=shop")))
            {
                Assert.Equal(HttpStatusCode.NoContent, labelled.StatusCode);
            }

            string metrics = await client.GetStringAsync("/metrics");
            Assert.Contains("metronome_events_accepted_total{source=\"logplex\"} 7", metrics, StringComparison.Ordinal);
            Assert.Contains("metronome_events_rejected_total{reason=\"logplex_unframeable\"} 1", metrics, StringComparison.Ordinal);
            await server.StopAsync();
        }

        await using (var server = await MetronomeProcess.StartAsync(_data))
        {
            using var client = server.CreateClient();
            using var redelivered = await client.SendAsync(Drain(body, "09C557EAFCFB6CF2740EE62F62971098", basicPassword: write));
            Assert.Equal(HttpStatusCode.NoContent, redelivered.StatusCode);
            await server.StopAsync();
        }

        // The body's lines are all years old, so its frame id also rides on one drain.frame marker event.
        Assert.Equal(Messages.Length + 2 + 1, await TotalEventsAsync());
    }

    [Fact]
    public async Task Import_reads_logplex_and_syslog_files_plain_and_gzip()
    {
        Assert.Equal(0, (await CliRunner.RunAsync("apps", "create", "imports", "--data", _data)).ExitCode);
        Directory.CreateDirectory(_data);
        string logplex = Path.Combine(_data, "drain.logplex.gz");
        await using (var file = File.Create(logplex))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(string.Concat(Messages.Select(Frame)) + string.Concat(Messages.Select(Frame))));
        }

        string syslog = Path.Combine(_data, "messages.log");
        await File.WriteAllTextAsync(syslog, "<13>Mar 10 12:00:01 web02 cron[99]: job done\n<134>1 2024-03-10T12:00:00.5Z web01 nginx 42 - - GET /\nnot syslog at all\n");

        var missingApp = await CliRunner.RunAsync("import", "--format", "logplex", logplex, "--data", _data);
        Assert.Equal(2, missingApp.ExitCode);
        Assert.Contains("--app", missingApp.Error, StringComparison.Ordinal);

        var first = await CliRunner.RunAsync("import", "--format", "logplex", "--app", "imports", "--name", "replay", logplex, "--data", _data);
        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        Assert.Contains($"imported {Messages.Length * 2} events", first.Output, StringComparison.Ordinal);
        var second = await CliRunner.RunAsync("import", "--format", "syslog", "--app", "imports", syslog, "--data", _data);
        Assert.True(second.ExitCode == 0, second.Output + second.Error);
        Assert.Contains("imported 3 events", second.Output, StringComparison.Ordinal);
        Assert.Contains("1 stored as unparsed", second.Output, StringComparison.Ordinal);

        Assert.Equal((Messages.Length * 2) + 3, await TotalEventsAsync());
    }

    private async Task<long> TotalEventsAsync()
    {
        var stats = await CliRunner.RunAsync("store", "stats", "--json", "--data", _data);
        Assert.True(stats.ExitCode == 0, stats.Error);
        return JsonDocument.Parse(stats.Output).RootElement.GetProperty("totalEvents").GetInt64();
    }

    private static string Frame(string message) => $"{Encoding.UTF8.GetByteCount(message)} {message}";

    private static HttpRequestMessage Drain(string body, string frameId, string? basicPassword = null, string query = "")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/drains/logplex" + query) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/logplex-1");
        if (basicPassword is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("x:" + basicPassword)));
        }

        request.Headers.Add("Logplex-Msg-Count", Messages.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("Logplex-Frame-Id", frameId);
        request.Headers.Add("Logplex-Drain-Token", Token);
        request.Headers.UserAgent.ParseAdd("Logplex/v72");
        return request;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
