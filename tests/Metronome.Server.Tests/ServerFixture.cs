using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Metronome.Core.Time;
using Metronome.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Metronome.Server.Tests;

/// <summary>An in-process server over a fresh data directory, with a manual clock and one app.</summary>
public sealed class ServerFixture : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServerFixture(WebApplication app, string dataDirectory, ManualClock clock, string adminToken)
    {
        _app = app;
        DataDirectory = dataDirectory;
        Clock = clock;
        AdminToken = adminToken;
        Client = app.GetTestClient();
    }

    public string DataDirectory { get; }

    public ManualClock Clock { get; }

    public string AdminToken { get; }

    public HttpClient Client { get; }

    public string App { get; private set; } = "";

    public string WriteKey { get; private set; } = "";

    public string ReadKey { get; private set; } = "";

    public IServiceProvider Services => _app.Services;

    public static async Task<ServerFixture> StartAsync(Func<ServerOptions, ServerOptions>? tune = null, DateTimeOffset? now = null)
    {
        string data = Path.Combine(Path.GetTempPath(), "metronome-test-" + Guid.NewGuid().ToString("N"));
        var clock = new ManualClock(now ?? new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
        var options = new ServerOptions { DataDirectory = data, Port = 0 };
        options = tune?.Invoke(options) ?? options;
        var console = new StringWriter();
        var app = MetronomeServer.Build(options, builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Services.AddSingleton<TimeProvider>(clock);
        }, console);
        await app.StartAsync();
        string token = console.ToString().Split(": ", 2)[1].Trim();
        var fixture = new ServerFixture(app, data, clock, token);
        await fixture.CreateAppAsync("blog");
        return fixture;
    }

    public async Task CreateAppAsync(string name)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/apps") { Content = JsonContent.Create(new { name }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        using var response = await Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        App = body.GetProperty("app").GetString()!;
        WriteKey = body.GetProperty("writeKey").GetString()!;
        ReadKey = body.GetProperty("readKey").GetString()!;
    }

    public async Task<HttpResponseMessage> PostAsync(string path, string body, string contentType = "application/json", string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key ?? WriteKey);
        return await Client.SendAsync(request);
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
