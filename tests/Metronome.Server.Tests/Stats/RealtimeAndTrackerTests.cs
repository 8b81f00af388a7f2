using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Metronome.Core.Events;
using Metronome.Storage;
using Metronome.Storage.Scanning;
using Microsoft.Extensions.DependencyInjection;

namespace Metronome.Server.Tests.Stats;

public sealed class RealtimeAndTrackerTests
{
    [Fact]
    public async Task Realtime_counts_visitors_of_the_last_five_minutes_without_bots()
    {
        await using var server = await ServerFixture.StartAsync();
        await WebTraffic.TickAsync(server, WebTraffic.Chrome, """{"url":"https://blog.example/old"}""");
        server.Clock.Advance(TimeSpan.FromMinutes(6));
        await WebTraffic.TickAsync(server, WebTraffic.Firefox, """{"url":"https://blog.example/a"}""");
        await WebTraffic.TickAsync(server, WebTraffic.IPhone, """{"url":"https://blog.example/b"}""");
        await WebTraffic.TickAsync(server, WebTraffic.IPhone, """{"url":"https://blog.example/c"}""");
        await WebTraffic.TickAsync(server, WebTraffic.Googlebot, """{"url":"https://blog.example/a"}""");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v2/realtime/visitors?site_id={server.App}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.ReadKey);
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ticks_are_enriched_and_the_address_is_never_stored()
    {
        await using var server = await ServerFixture.StartAsync(o => o with { Web = o.Web with { TrustForwardedFor = true, CountryHeader = "CF-IPCountry" } });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/tick")
        {
            Content = new StringContent("""{"url":"https://www.blog.example/post/1?utm_source=newsletter&x=1","referrer":"https://www.google.com/search?q=x"}"""),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.WriteKey);
        request.Headers.TryAddWithoutValidation("User-Agent", WebTraffic.Firefox);
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.9, 10.0.0.1");
        request.Headers.TryAddWithoutValidation("CF-IPCountry", "de");
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var store = server.Services.GetRequiredService<IEventStore>();
        var stored = Assert.Single(store.Scan(new ScanQuery { App = server.App }));
        var fields = stored.Fields.ToDictionary(f => f.Key, f => f.Value.ToString());
        Assert.Equal("/post/1", fields["page"]);
        Assert.Equal("blog.example", fields["hostname"]);
        Assert.Equal("newsletter", fields["utm_source"]);
        Assert.Equal("newsletter", fields["source"]);
        Assert.Equal("google.com", fields["referrer_host"]);
        Assert.Equal("Firefox", fields["browser"]);
        Assert.Equal("Linux", fields["os"]);
        Assert.Equal("desktop", fields["device"]);
        Assert.Equal("DE", fields["country"]);
        Assert.Equal(FieldKind.Long, stored.Get("visitor").Kind);
        Assert.DoesNotContain(stored.Fields, f => f.Value.ToString().Contains("203.0.113", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tick_without_a_trusted_proxy_ignores_forwarded_headers()
    {
        await using var server = await ServerFixture.StartAsync();
        await WebTraffic.TickAsync(server, WebTraffic.Chrome, """{"url":"https://blog.example/"}""");
        var store = server.Services.GetRequiredService<IEventStore>();
        var stored = Assert.Single(store.Scan(new ScanQuery { App = server.App }));
        Assert.True(stored.Get("country").IsNull);
    }

    [Fact]
    public async Task The_tracker_is_served_with_caching_an_etag_and_gzip()
    {
        await using var server = await ServerFixture.StartAsync();
        using var plain = await server.Client.GetAsync("/metronome.js");
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal("application/javascript", plain.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=3600", plain.Headers.CacheControl?.ToString());
        string script = await plain.Content.ReadAsStringAsync();
        Assert.Contains("sendBeacon", script, StringComparison.Ordinal);
        var etag = plain.Headers.ETag;
        Assert.NotNull(etag);

        using var zipped = new HttpRequestMessage(HttpMethod.Get, "/metronome.js");
        zipped.Headers.AcceptEncoding.ParseAdd("gzip, br");
        using var gz = await server.Client.SendAsync(zipped);
        Assert.Equal("gzip", Assert.Single(gz.Content.Headers.ContentEncoding));
        var compressed = await gz.Content.ReadAsByteArrayAsync();
        Assert.True(compressed.Length < 1536, $"{compressed.Length} bytes gzipped");
        using var unzip = new StreamReader(new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress));
        Assert.Equal(script, await unzip.ReadToEndAsync());

        using var again = new HttpRequestMessage(HttpMethod.Get, "/metronome.js");
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await server.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }
}
