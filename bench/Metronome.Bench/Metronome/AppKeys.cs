using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Metronome.Bench.Metronome;

/// <summary>Creates apps through the server's admin API (`POST /api/apps`) and remembers their write keys.</summary>
public sealed class AppKeys(HttpClient http, string adminToken)
{
    private readonly Dictionary<string, Task<string>> _writeKeys = new(StringComparer.Ordinal);

    /// <summary>The write key of <paramref name="app"/>, creating the app on first use.</summary>
    public Task<string> WriteKeyAsync(string app, CancellationToken ct)
    {
        lock (_writeKeys)
        {
            if (!_writeKeys.TryGetValue(app, out var key))
                _writeKeys[app] = key = CreateAsync(app, ct);
            return key;
        }
    }

    private async Task<string> CreateAsync(string app, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/apps") { Content = JsonContent.Create(new CreateApp(app)) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST /api/apps for {app} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        var created = await response.Content.ReadFromJsonAsync<AppCreated>(ct);
        return created?.WriteKey ?? throw new InvalidOperationException($"POST /api/apps for {app} returned no write key");
    }

    private sealed record CreateApp([property: JsonPropertyName("name")] string Name);

    private sealed record AppCreated(
        [property: JsonPropertyName("app")] string App,
        [property: JsonPropertyName("writeKey")] string WriteKey,
        [property: JsonPropertyName("readKey")] string ReadKey);
}
