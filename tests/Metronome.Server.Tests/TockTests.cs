using System.Net;
using System.Text.Json;

namespace Metronome.Server.Tests;

public sealed class TockTests
{
    [Fact]
    public async Task Tock_answers_the_seed_shape_with_zero_days_formats_and_referer_keys()
    {
        await using var server = await ServerFixture.StartAsync();
        using var response = await server.PostAsync("/tick", """
            [
              {"id":"roads","ts":"2026-11-19T10:00:00Z","referrer":"https://www.arcgis.com/home?q=1"},
              {"id":"roads","ts":"2026-11-19T23:59:59Z","referer":"http://washingtonpost.com/articles/dc-news"},
              {"id":"roads","ts":"2026-11-21T00:00:00Z"},
              {"id":"roads","name":"download","format":"CSV","ts":"2026-11-20T08:00:00Z"},
              {"id":"roads","name":"download","url":"https://x.org/data/roads.kml?v=2","ts":1795161600000},
              {"id":"roads","name":"download","url":"/files/roads.kml"},
              {"id":"other","ts":"2026-11-20T08:00:00Z"},
              {"id":"roads","name":"login","ts":"2026-11-20T08:00:00Z"}
            ]
            """);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var tock = await server.GetJsonAsync($"/tock/roads.json?key={server.ReadKey}&from=2026-11-18&to=2026-11-21");
        Assert.Equal(
            """{"views":{"2026-11-21":1,"2026-11-20":0,"2026-11-19":2,"2026-11-18":0},"downloads":{"kml":2,"csv":1},"referers":{"arcgis.com/home":1,"washingtonpost.com/articles/dc-news":1}}""",
            JsonSerializer.Serialize(tock));
    }

    [Fact]
    public async Task Tock_counts_days_in_the_requested_time_zone()
    {
        await using var server = await ServerFixture.StartAsync();
        // 23:30 UTC on the 19th is already the 20th in Berlin (UTC+1 in November).
        (await server.PostAsync("/tick", """{"id":"i","ts":"2026-11-19T23:30:00Z"}""")).Dispose();
        var utc = await server.GetJsonAsync($"/tock/i.json?key={server.ReadKey}&from=2026-11-19&to=2026-11-20");
        var berlin = await server.GetJsonAsync($"/tock/i.json?key={server.ReadKey}&from=2026-11-19&to=2026-11-20&tz=Europe/Berlin");
        Assert.Equal(1, utc.GetProperty("views").GetProperty("2026-11-19").GetInt64());
        Assert.Equal(0, utc.GetProperty("views").GetProperty("2026-11-20").GetInt64());
        Assert.Equal(0, berlin.GetProperty("views").GetProperty("2026-11-19").GetInt64());
        Assert.Equal(1, berlin.GetProperty("views").GetProperty("2026-11-20").GetInt64());
    }

    [Fact]
    public async Task Tock_defaults_to_the_last_30_days_and_reads_sealed_segments_too()
    {
        await using var server = await ServerFixture.StartAsync();
        (await server.PostAsync("/tick", """[{"id":"i","ts":"2026-10-23T12:00:00Z"},{"id":"i","ts":"2026-10-22T12:00:00Z"},{"id":"i"}]""")).Dispose();
        var store = (Metronome.Storage.EventStore)server.Services.GetService(typeof(Metronome.Storage.EventStore))!;
        store.RunMaintenance(force: true);
        Assert.Equal(0, store.GetStatistics().TailEvents);
        (await server.PostAsync("/tick", """{"id":"i"}""")).Dispose();

        var views = (await server.GetJsonAsync($"/tock/i.json?key={server.ReadKey}")).GetProperty("views");
        Assert.Equal(30, views.EnumerateObject().Count());
        Assert.Equal(2, views.GetProperty("2026-11-21").GetInt64());
        Assert.Equal(1, views.GetProperty("2026-10-23").GetInt64());
        Assert.False(views.TryGetProperty("2026-10-22", out _));
    }

    [Theory]
    [InlineData("from=2026-13-01", "from")]
    [InlineData("to=yesterday", "to")]
    [InlineData("from=2026-11-20&to=2026-11-01", "from")]
    [InlineData("tz=Mars/Olympus", "tz")]
    public async Task Bad_parameters_name_the_parameter(string query, string field)
    {
        await using var server = await ServerFixture.StartAsync();
        using var response = await server.Client.GetAsync($"/tock/i.json?key={server.ReadKey}&{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Keys_only_do_what_their_kind_allows()
    {
        await using var server = await ServerFixture.StartAsync();
        using var readWithWrite = await server.Client.GetAsync($"/tock/i.json?key={server.WriteKey}");
        Assert.Equal(HttpStatusCode.Forbidden, readWithWrite.StatusCode);
        using var writeWithRead = await server.PostAsync("/tick", """{"id":"i"}""", key: server.ReadKey);
        Assert.Equal(HttpStatusCode.Forbidden, writeWithRead.StatusCode);
        using var unknown = await server.Client.GetAsync("/tock/i.json?key=mr_nope");
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        using var missing = await server.Client.GetAsync("/tock/i.json");
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
    }
}
