using System.Text;
using Metronome.Core.Events;

namespace Metronome.Ingest.Tests.Decoding;

/// <summary>The caller's tags (the drain endpoint's <c>_drain</c> and <c>_frameid</c>) land on every event,
/// after the parsed fields, and win over a parsed key of the same name in any case.</summary>
public class DrainTagTests
{
    private static DrainContext Tagged => Drain.Context with
    {
        Tags = [KeyValuePair.Create("_drain", FieldValue.From(Drain.Token)), KeyValuePair.Create("_frameid", FieldValue.From("42-7"))],
    };

    [Fact]
    public void Every_event_of_a_body_gets_the_tags_last_even_unparsed_ones()
    {
        var body = Drain.Frame(Drain.Heroku("router", "at=info method=GET status=200")) + "GARBAGE" + Drain.Frame(Drain.Heroku("web.1", "State changed from starting to up"));
        var events = new List<Event>();

        LogplexDecoder.Decode(Encoding.UTF8.GetBytes(body), Tagged, events, []);

        Assert.Equal(2, events.Count);
        Assert.All(events, e =>
        {
            Assert.Equal(["_drain", "_frameid"], e.Fields.TakeLast(2).Select(f => f.Key));
            Assert.Equal((Drain.Token, "42-7"), (e.Text("_drain"), e.Text("_frameid")));
        });
    }

    [Fact]
    public void A_parsed_key_named_like_a_tag_is_replaced_by_the_tag_in_place()
    {
        var e = Drain.One(Drain.Heroku("router", "at=info _FrameId=forged status=200"), Tagged);

        var frameIds = e.Fields.Where(f => string.Equals(f.Key, "_frameid", StringComparison.OrdinalIgnoreCase)).ToList();
        var only = Assert.Single(frameIds);
        Assert.Equal("_frameid", only.Key);
        Assert.Equal("42-7", only.Value.AsString);
        Assert.Equal(200, e.Long("status"));
    }
}
