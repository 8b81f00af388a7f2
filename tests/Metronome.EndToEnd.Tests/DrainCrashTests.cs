using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Metronome.EndToEnd.Tests;

/// <summary>The drain endpoint logs each request as it arrived and decodes it again on replay: a SIGKILL
/// under drain load must still lose no acknowledged line and duplicate none.</summary>
public sealed class DrainCrashTests : IDisposable
{
    private const int LinesPerFrame = 40;
    private readonly string _data = Path.Combine(Path.GetTempPath(), "metronome-drain-crash-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Sigkill_during_drain_load_loses_no_acknowledged_line_and_duplicates_none()
    {
        var (code, output, error) = await CliRunner.RunAsync("apps", "create", "drains", "--json", "--data", _data);
        Assert.True(code == 0, error);
        var keys = JsonDocument.Parse(output).RootElement;
        string write = keys.GetProperty("writeKey").GetString()!;
        string read = keys.GetProperty("readKey").GetString()!;

        var (attempted, acked) = await KillUnderLoad.RunAsync(_data, 30, async (client, frame) =>
        {
            using var response = await client.SendAsync(Drain(Body(frame), frame, write));
            return response.StatusCode == HttpStatusCode.NoContent;
        });

        await using (var server = await MetronomeProcess.StartAsync(_data))
        {
            using var client = server.CreateClient();
            var counts = await LinesPerFrameAsync(client, read);
            foreach (int frame in attempted)
            {
                int count = counts.GetValueOrDefault("F" + frame);
                if (acked.Contains(frame))
                {
                    Assert.True(count == LinesPerFrame, $"acknowledged frame {frame} has {count} lines after the crash, expected {LinesPerFrame}");
                }
                else
                {
                    Assert.True(count is 0 or LinesPerFrame, $"unacknowledged frame {frame} has {count} lines");
                }
            }

            Assert.True(acked.Count >= 30);
        }
    }

    /// <summary>Router lines stamped now, each naming its frame in its request id.</summary>
    private static string Body(int frame)
    {
        string now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.ffffff+00:00", CultureInfo.InvariantCulture);
        var body = new StringBuilder();
        for (int i = 0; i < LinesPerFrame; i++)
        {
            string line = $"<158>1 {now} host heroku router - at=info method=GET path=\"/p/{i}\" host=a.herokuapp.com request_id=f{frame}-{i} fwd=\"1.2.3.4\" dyno=web.1 connect=1ms service={i}ms status=200 bytes={i} protocol=https\n";
            body.Append(Encoding.UTF8.GetByteCount(line)).Append(' ').Append(line);
        }

        return body.ToString();
    }

    private static HttpRequestMessage Drain(string body, int frame, string write)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/drains/logplex") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/logplex-1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("x:" + write)));
        request.Headers.Add("Logplex-Msg-Count", LinesPerFrame.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("Logplex-Frame-Id", "F" + frame);
        request.Headers.Add("Logplex-Drain-Token", "d.00000000-0000-0000-0000-000000000001");
        return request;
    }

    /// <summary>Stored lines per frame id, counted by the server's search.</summary>
    private static async Task<Dictionary<string, int>> LinesPerFrameAsync(HttpClient client, string read)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/search")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query = "_sourcecategory=heroku | count by _frameid", from = "-1d", to = "now", tz = "UTC", limit = 10_000 }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", read);
        using var response = await client.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        var result = JsonDocument.Parse(text).RootElement;
        var columns = result.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToList();
        int frameColumn = columns.IndexOf("_frameid"), countColumn = columns.IndexOf("_count");
        return result.GetProperty("rows").EnumerateArray().ToDictionary(
            row => row[frameColumn].GetString()!,
            row => int.Parse(row[countColumn].ToString(), CultureInfo.InvariantCulture));
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
