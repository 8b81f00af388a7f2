using System.Text;
using Metronome.Core.Events;
using Metronome.Ingest.Ticks;

namespace Metronome.Ingest.Tests.Ticks;

public sealed class TickDecoderTests
{
    private const long Now = 1_800_000_000_000_000;

    [Fact]
    public void An_escaped_string_that_is_not_valid_utf8_is_a_bad_tick_not_a_crash()
    {
        var body = Encoding.UTF8.GetBytes("{\"a\":\"x\\\"").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\"}\n{\"id\":\"ok\"}\n")).ToArray();

        var result = new TickDecoder(new TickLimits()).DecodeNdjson(body, new TickContext("shop", Now));

        Assert.Equal(0, Assert.Single(result.Errors).Index);
        Assert.Equal("ok", Assert.Single(result.Events).Get("id").AsString);
    }

    [Fact]
    public void Each_tick_of_a_batch_keeps_only_its_own_members()
    {
        var result = Decode("""
            {"id":"a","plan":"pro","n":1}
            {"id":"b","ok":true}
            {"name":"download","url":"https://x.example/f.csv"}
            """);

        Assert.Empty(result.Errors);
        Assert.Equal(3, result.Events.Count);
        Assert.Equal(["id", "plan", "n", "_sourcecategory"], result.Events[0].Fields.Select(f => f.Key));
        Assert.Equal(["id", "ok", "_sourcecategory"], result.Events[1].Fields.Select(f => f.Key));
        Assert.True(result.Events[1].Get("ok").AsBool);
        Assert.Equal("download", result.Events[2].Name);
        Assert.Equal("csv", result.Events[2].Get("format").AsString);
        Assert.Equal("view", result.Events[0].Name);
    }

    [Fact]
    public void A_bad_tick_between_good_ones_is_reported_and_does_not_leak_into_the_next()
    {
        var result = Decode("""
            {"id":"a","x":1}
            {"id":"b","nested":{"no":1},"y":2}
            {"id":"c"}
            """);

        Assert.Equal(["a", "c"], result.Events.Select(e => e.Get("id").AsString));
        var error = Assert.Single(result.Errors);
        Assert.Equal(1, error.Index);
        Assert.Equal("nested", error.Field);
        Assert.True(result.Events[1].Get("y").IsNull);
    }

    [Fact]
    public void Repeated_short_values_share_one_string_instance()
    {
        var result = Decode("""
            {"country":"DE","path":"/pricing"}
            {"country":"DE","path":"/pricing"}
            """);

        Assert.Same(result.Events[0].Get("country").AsString, result.Events[1].Get("country").AsString);
        Assert.Same(result.Events[0].Get("path").AsString, result.Events[1].Get("path").AsString);
    }

    [Fact]
    public void Escaped_values_are_unescaped()
    {
        var result = Decode("""{"q":"a\"b\u00e9"}""");

        Assert.Equal("a\"bé", result.Events[0].Get("q").AsString);
    }

    [Fact]
    public void The_enricher_sees_each_good_tick_with_its_url_and_referrer_or_the_header()
    {
        var enricher = new RecordingEnricher();
        var decoder = new TickDecoder(new TickLimits()) { Enricher = enricher };
        var context = new TickContext("shop", Now, RefererHeader: "https://header.example/");

        var result = decoder.DecodeNdjson(Encoding.UTF8.GetBytes("""
            {"url":"https://shop.example/a","referrer":"https://google.com/"}
            {"url":42}
            {"id":"bad","ts":"not a time"}
            {"url":"https://shop.example/b"}
            """), context);

        Assert.Single(result.Errors);
        Assert.Equal(
            [("https://shop.example/a", "https://google.com/"), (null, "https://header.example/"), ("https://shop.example/b", "https://header.example/")],
            enricher.Calls);
        Assert.All(result.Events, e => Assert.Equal("yes", e.Get("enriched").AsString));
    }

    private static TickDecodeResult Decode(string ndjson) =>
        new TickDecoder(new TickLimits()).DecodeNdjson(Encoding.UTF8.GetBytes(ndjson), new TickContext("shop", Now));

    private sealed class RecordingEnricher : ITickEnricher
    {
        public List<(string? Url, string? Referrer)> Calls { get; } = [];

        public void Enrich(string? url, string? referrer, List<KeyValuePair<string, FieldValue>> fields)
        {
            Calls.Add((url, referrer));
            fields.Add(new("enriched", "yes"));
        }
    }
}
