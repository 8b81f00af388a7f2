using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Metronome.Server.Tests;

public sealed class TickTests
{
    [Fact]
    public async Task A_flat_hash_is_accepted_with_202_and_its_count()
    {
        await using var server = await ServerFixture.StartAsync();
        using var response = await server.PostAsync("/tick", """{"id":"roads","plan":"pro","n":3,"ok":true}""");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        Assert.Equal(0, body.GetProperty("rejected").GetInt32());
    }

    [Fact]
    public async Task Receipt_times_are_whole_milliseconds_and_a_tick_without_ts_takes_the_exact_arrival_time()
    {
        var now = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567); // 123.4567 ms past
        await using var server = await ServerFixture.StartAsync(now: now);
        using var response = await server.PostAsync("/tick", """[{"id":"r"},{"id":"s","ts":1795262400001}]""");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var store = (Metronome.Storage.IEventStore)server.Services.GetService(typeof(Metronome.Storage.IEventStore))!;
        var events = store.Scan(new Metronome.Storage.Scanning.ScanQuery { App = server.App }).OrderBy(e => e.Get("id").AsString).ToList();
        long expectedReceipt = Metronome.Core.Time.UnixTime.ToMicroseconds(now) / 1000 * 1000;
        Assert.All(events, e => Assert.Equal(expectedReceipt, e.ReceiptTimeUs));
        Assert.Equal(Metronome.Core.Time.UnixTime.ToMicroseconds(now), events[0].TimeUs);
        Assert.Equal(1_795_262_400_001_000, events[1].TimeUs);
    }

    [Fact]
    public async Task A_batch_with_bad_events_keeps_the_good_ones_and_reports_each_bad_one_by_index()
    {
        await using var server = await ServerFixture.StartAsync();
        using var response = await server.PostAsync("/tick", """
            [{"id":"a"},{"id":{"nested":1}},{"id":"b","ts":"2099-01-01T00:00:00Z"},{"id":"c"},"text"]
            """);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        var errors = body.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal([1, 2, 4], errors.Select(e => e.GetProperty("index").GetInt32()));
        Assert.Equal("id", errors[0].GetProperty("field").GetString());
        Assert.Equal("ts", errors[1].GetProperty("field").GetString());

        var tockA = await server.GetJsonAsync($"/tock/a.json?key={server.ReadKey}");
        var tockC = await server.GetJsonAsync($"/tock/c.json?key={server.ReadKey}");
        Assert.Equal(1, tockA.GetProperty("views").GetProperty("2026-11-21").GetInt64());
        Assert.Equal(1, tockC.GetProperty("views").GetProperty("2026-11-21").GetInt64());
    }

    [Fact]
    public async Task Ndjson_gzip_form_and_image_beacons_are_all_accepted()
    {
        await using var server = await ServerFixture.StartAsync();
        using (var ndjson = await server.PostAsync("/tick", "{\"id\":\"x\"}\n\n{\"id\":\"x\",\"name\":\"pageview\"}\n", "application/x-ndjson"))
        {
            Assert.Equal(HttpStatusCode.Accepted, ndjson.StatusCode);
        }

        var gzipped = new MemoryStream();
        await using (var gzip = new GZipStream(gzipped, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes("""[{"id":"x"},{"id":"x"}]"""));
        }

        using var gzipRequest = new HttpRequestMessage(HttpMethod.Post, "/tick") { Content = new ByteArrayContent(gzipped.ToArray()) };
        gzipRequest.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        gzipRequest.Content.Headers.ContentEncoding.Add("gzip");
        gzipRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.WriteKey);
        using (var response = await server.Client.SendAsync(gzipRequest))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        using (var form = await server.PostAsync("/tick", "id=x&plan=pro", "application/x-www-form-urlencoded"))
        {
            Assert.Equal(HttpStatusCode.Accepted, form.StatusCode);
        }

        using (var gif = await server.Client.GetAsync($"/tick.gif?key={server.WriteKey}&id=x"))
        {
            Assert.Equal(HttpStatusCode.OK, gif.StatusCode);
            Assert.Equal("image/gif", gif.Content.Headers.ContentType!.MediaType);
            Assert.Equal("GIF89a", Encoding.ASCII.GetString((await gif.Content.ReadAsByteArrayAsync())[..6]));
        }

        var tock = await server.GetJsonAsync($"/tock/x.json?key={server.ReadKey}");
        Assert.Equal(6, tock.GetProperty("views").GetProperty("2026-11-21").GetInt64());
    }

    [Theory]
    [InlineData("""{"id":{"a":1}}""", "application/json", 400, "id")]
    [InlineData("""{"id":[1,2]}""", "application/json", 400, "id")]
    [InlineData("""{"id":"a",""", "application/json", 400, "body")]
    [InlineData("""{"ts":"2030-01-01T00:00:00Z"}""", "application/json", 400, "ts")]
    [InlineData("""{"ts":"2001-01-01T00:00:00Z"}""", "application/json", 400, "ts")]
    [InlineData("""{"ts":"yesterday"}""", "application/json", 400, "ts")]
    [InlineData("""{"_messagetime":1}""", "application/json", 400, "_messagetime")]
    [InlineData("<xml/>", "application/xml", 415, "Content-Type")]
    public async Task Bad_input_gets_a_problem_naming_the_member_and_the_reason(string body, string contentType, int status, string field)
    {
        await using var server = await ServerFixture.StartAsync();
        using var response = await server.PostAsync("/tick", body, contentType);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Too_many_properties_and_oversize_values_name_the_limit()
    {
        await using var server = await ServerFixture.StartAsync(o => o with { Ticks = o.Ticks with { MaxProperties = 3, MaxValueLength = 10 } });
        using var many = await server.PostAsync("/tick", """{"a":1,"b":2,"c":3,"d":4}""");
        Assert.Equal(HttpStatusCode.BadRequest, many.StatusCode);
        Assert.Contains("limit is 3", await many.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var big = await server.PostAsync("/tick", """{"a":"01234567890"}""");
        Assert.Equal(HttpStatusCode.BadRequest, big.StatusCode);
        Assert.Contains("limit is 10", await big.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_bodies_malformed_gzip_and_oversize_bodies_get_clear_errors()
    {
        await using var server = await ServerFixture.StartAsync(o => o with { MaxBodyBytes = 1000 });
        using (var empty = await server.PostAsync("/tick", ""))
        {
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
            Assert.Contains("empty", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var bad = new HttpRequestMessage(HttpMethod.Post, "/tick") { Content = new ByteArrayContent([0x1f, 0x8b, 1, 2, 3, 4, 5]) };
        bad.Content.Headers.ContentEncoding.Add("gzip");
        bad.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.WriteKey);
        using (var response = await server.Client.SendAsync(bad))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("gzip", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var large = await server.PostAsync("/tick", "[" + string.Join(',', Enumerable.Repeat("""{"id":"x"}""", 200)) + "]"))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        }
    }

    [Fact]
    public async Task Back_pressure_answers_429_with_retry_after()
    {
        await using var server = await ServerFixture.StartAsync(o => o with { Store = o.Store with { MaxTailEvents = 1, BackpressureWait = TimeSpan.Zero } });
        using (var first = await server.PostAsync("/tick", """[{"id":"a"},{"id":"b"}]"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        }

        using var refused = await server.PostAsync("/tick", """{"id":"c"}""");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
    }
}
