using System.Net;
using System.Text;
using Metronome.Server.Drains;
using static Metronome.Server.Tests.Drains.LogplexBodies;

namespace Metronome.Server.Tests.Drains;

public sealed class LogplexDrainTests
{
    [Fact]
    public async Task A_real_body_with_the_key_as_basic_auth_password_is_stored_parsed_and_answered_204()
    {
        await using var server = await ServerFixture.StartAsync();
        using var response = await server.Client.SendAsync(Request(Sample, "09C557EAFCFB6CF2740EE62F62971098", server.WriteKey, messages: SampleMessages));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        var events = Events(server.Services, server.App);
        Assert.Equal(SampleMessages, events.Count);
        Assert.All(events, e =>
        {
            Assert.Equal("heroku", e.Text("_sourcecategory"));
            Assert.Equal(Token, e.Text("_sourcename"));
            Assert.Equal(Token, e.Text(DrainFieldNames.Drain));
            Assert.Equal("09C557EAFCFB6CF2740EE62F62971098", e.Text(DrainFieldNames.FrameId));
            Assert.Equal("host", e.Text("_sourcehost"));
        });

        var router = Assert.Single(events, e => e.Name == "router" && e.Get("status").AsLong == 304);
        Assert.Equal(22, router.Get("service").AsLong);
        Assert.Equal(Router.TrimEnd('\n'), router.Text("_raw"));
        Assert.Equal("/cart_link", router.Text("path"));
        Assert.Equal(new DateTimeOffset(2022, 6, 13, 14, 52, 23, TimeSpan.Zero).AddTicks(6227780), Metronome.Core.Time.UnixTime.FromMicroseconds(router.TimeUs));

        var error = Assert.Single(events, e => e.Name == "router" && e.Get("code").ToString() == "H12");
        Assert.Equal("Request timeout", error.Text("desc"));
        var tagged = Assert.Single(events, e => e.Name == "production.register");
        Assert.Equal(123, tagged.Get("uid").AsLong);
        var l10 = Assert.Single(events, e => e.Name == "heroku.logplex");
        Assert.Equal(7, l10.Get("dropped").AsLong);
        Assert.Equal(2, events.Count(e => e.Text("message") == "Hi from erlang"));
        Assert.Equal(SampleMessages, await MetricAsync(server, "metronome_events_accepted_total{source=\"logplex\"}"));
    }

    [Fact]
    public async Task The_key_in_the_query_and_category_and_name_label_the_events()
    {
        await using var server = await ServerFixture.StartAsync();
        using var response = await server.Client.SendAsync(Request(Frames(Router), "F1", writeKey: null, query: $"?key={server.WriteKey}&category=prod/web&name=shop-eu"));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        var e = Assert.Single(Events(server.Services, server.App));
        Assert.Equal("prod/web", e.Text("_sourcecategory"));
        Assert.Equal("shop-eu", e.Text("_sourcename"));
        Assert.Equal(Token, e.Text(DrainFieldNames.Drain));
    }

    [Fact]
    public async Task A_missing_or_wrong_key_is_401_and_a_read_key_is_403()
    {
        await using var server = await ServerFixture.StartAsync();
        using (var none = await server.Client.SendAsync(Request(Frames(Router), "F1", writeKey: null)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        }

        using (var wrong = await server.Client.SendAsync(Request(Frames(Router), "F1", "mtw_nope")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using (var read = await server.Client.SendAsync(Request(Frames(Router), "F1", server.ReadKey)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        }

        Assert.Empty(Events(server.Services, server.App));
    }

    [Fact]
    public async Task Another_content_type_is_415()
    {
        await using var server = await ServerFixture.StartAsync();
        using var response = await server.Client.SendAsync(Request(Frames(Router), "F1", server.WriteKey, contentType: "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/logplex-1", await response.Content.ReadAsStringAsync());
        Assert.Empty(Events(server.Services, server.App));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_and_a_1_MiB_body_is_accepted_by_default()
    {
        var body = new StringBuilder();
        int lines = 0;
        while (body.Length < 1024 * 1024)
        {
            body.Append(Frame(RouterAt("2026-11-21T11:59:59+00:00", lines++)));
        }

        await using (var small = await ServerFixture.StartAsync(o => o with { MaxBodyBytes = 64 * 1024 }))
        {
            using var refused = await small.Client.SendAsync(Request(body.ToString(), "BIG", small.WriteKey));
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
            Assert.Empty(Events(small.Services, small.App));
        }

        await using var server = await ServerFixture.StartAsync();
        using var accepted = await server.Client.SendAsync(Request(body.ToString(), "BIG", server.WriteKey, messages: lines));
        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
        Assert.Equal(lines, Events(server.Services, server.App).Count);
    }

    [Fact]
    public async Task Garbage_between_frames_is_stored_raw_with_a_parse_error_and_counted()
    {
        await using var server = await ServerFixture.StartAsync();
        string body = Frame(Router) + "this is not a frame " + Frame(RouterError) + "999 <158>1 cut short";
        using var response = await server.Client.SendAsync(Request(body, "G1", server.WriteKey));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        var events = Events(server.Services, server.App);
        // A count followed by garbage cannot be trusted, so that frame goes with the garbage into one raw
        // event (the decoder's rule); the next frame after the garbage is parsed; a count past the end is raw.
        var router = Assert.Single(events, e => e.Name == "router");
        Assert.Equal("H12", router.Text("code"));
        var unparsed = events.Where(e => e.Name == "unparsed").ToList();
        Assert.Equal(2, unparsed.Count);
        Assert.Contains(unparsed, e => e.Text("_raw") == Frame(Router) + "this is not a frame ");
        Assert.Contains(unparsed, e => e.Text("_raw") == "999 <158>1 cut short");
        Assert.All(unparsed, e => Assert.False(string.IsNullOrEmpty(e.Text("_parseerror"))));
        Assert.All(unparsed, e => Assert.Equal("G1", e.Text(DrainFieldNames.FrameId)));
        Assert.Equal(2, await MetricAsync(server, "metronome_events_rejected_total{reason=\"logplex_unframeable\"}"));
    }

    [Fact]
    public async Task A_redelivered_frame_id_is_acknowledged_without_storing_it_again()
    {
        await using var server = await ServerFixture.StartAsync();
        for (int attempt = 0; attempt < 3; attempt++)
        {
            using var response = await server.Client.SendAsync(Request(Sample, "AAAA0000AAAA0000AAAA0000AAAA0000", server.WriteKey));
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        using (var other = await server.Client.SendAsync(Request(Frames(Router), "BBBB0000BBBB0000BBBB0000BBBB0000", server.WriteKey)))
        {
            Assert.Equal(HttpStatusCode.NoContent, other.StatusCode);
        }

        Assert.Equal(SampleMessages + 1, Events(server.Services, server.App).Count);
        Assert.Equal(2, await MetricAsync(server, "metronome_events_accepted_total{source=\"logplex_redelivered_frames\"}"));
    }

    [Fact]
    public async Task The_same_frame_id_from_another_drain_or_without_an_id_is_stored()
    {
        await using var server = await ServerFixture.StartAsync();
        using (var first = await server.Client.SendAsync(Request(Frames(Router), "SAME", server.WriteKey)))
        {
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        }

        var otherDrain = Request(Frames(Router), "SAME", server.WriteKey);
        otherDrain.Headers.Remove("Logplex-Drain-Token");
        otherDrain.Headers.Add("Logplex-Drain-Token", "d.other");
        using (var second = await server.Client.SendAsync(otherDrain))
        {
            Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        }

        // Shield Private Space Logging sends no frame id: nothing to dedupe on.
        for (int i = 0; i < 2; i++)
        {
            using var noId = await server.Client.SendAsync(Request(Frames(Router), frameId: null, server.WriteKey));
            Assert.Equal(HttpStatusCode.NoContent, noId.StatusCode);
        }

        Assert.Equal(4, Events(server.Services, server.App).Count);
    }

    [Fact]
    public async Task Concurrent_redeliveries_of_one_frame_store_it_once()
    {
        await using var server = await ServerFixture.StartAsync();
        string body = string.Concat(Enumerable.Range(0, 200).Select(i => Frame(RouterAt("2026-11-21T11:59:59+00:00", i))));
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            using var response = await server.Client.SendAsync(Request(body, "CONCURRENT", server.WriteKey));
            return response.StatusCode;
        }));

        Assert.All(responses, status => Assert.Equal(HttpStatusCode.NoContent, status));
        Assert.Equal(200, Events(server.Services, server.App).Count);
    }

    [Fact]
    public async Task Back_pressure_answers_429_with_retry_after_and_the_frame_is_not_remembered()
    {
        await using var server = await ServerFixture.StartAsync(o => o with { Store = o.Store with { MaxTailEvents = 1, BackpressureWait = TimeSpan.Zero } });
        using (var first = await server.Client.SendAsync(Request(Frames(Router, Router), "P1", server.WriteKey)))
        {
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        }

        using var refused = await server.Client.SendAsync(Request(Frames(RouterError), "P2", server.WriteKey));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());

        var ledger = (FrameLedger)server.Services.GetService(typeof(FrameLedger))!;
        Assert.Equal(1, await ledger.CountAsync(server.App)); // P1 only: Logplex's retry of P2 will be stored
    }

    private static async Task<long> MetricAsync(ServerFixture server, string series)
    {
        string text = await server.Client.GetStringAsync("/metrics");
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
