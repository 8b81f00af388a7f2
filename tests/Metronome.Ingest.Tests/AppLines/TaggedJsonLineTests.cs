using Metronome.Core.Events;
using Metronome.Ingest.AppLines;
using Metronome.Ingest.Tests.Decoding;

namespace Metronome.Ingest.Tests.AppLines;

/// <summary>The <c>@[tag] {json}</c> convention from the Treasure Data article.</summary>
public class TaggedJsonLineTests
{
    private static Event App(string msg) => Drain.Syslog(Drain.Heroku("web.1", msg, app: "app", pri: 190)) switch
    {
        var (events, _) => Assert.Single(events),
    };

    [Fact]
    public void A_tagged_line_becomes_an_event_named_by_its_tag_with_typed_properties()
    {
        var e = App("@[production.register] {\"uid\":123}");

        Assert.Equal("production.register", e.Name);
        Assert.Equal(123, e.Long("uid"));
        Assert.Equal("@[production.register] {\"uid\":123}", e.Text("message"));
        Assert.Equal("web.1", e.Text("proc"));
    }

    [Fact]
    public void Every_json_type_keeps_its_kind()
    {
        var e = App("@[production.access] {\"uid\":123,\"url\":\"http://example.com/\",\"price\":321.5,\"paid\":true,\"big\":12345678901234567890,\"none\":null}");

        Assert.Equal("production.access", e.Name);
        Assert.Equal("http://example.com/", e.Text("url"));
        Assert.Equal(321.5, e.Double("price"));
        Assert.True(e.Get("paid").AsBool);
        Assert.Equal(12345678901234567890d, e.Double("big"));
        Assert.False(e.Has("none"));
    }

    [Fact]
    public void Nested_objects_are_flattened_with_dots_and_arrays_kept_as_json_text()
    {
        var e = App("@[production.pay] {\"user\":{\"id\":7,\"plan\":{\"name\":\"pro\"}},\"items\":[1,2,{\"a\":\"b\"}]}");

        Assert.Equal(7, e.Long("user.id"));
        Assert.Equal("pro", e.Text("user.plan.name"));
        Assert.Equal("[1,2,{\"a\":\"b\"}]", e.Text("items"));
    }

    [Fact]
    public void An_id_member_becomes_the_event_id_field()
    {
        var e = App("@[download] {\"id\":\"report.pdf\",\"uid\":1}");

        Assert.Equal(("download", "report.pdf"), (e.Name, e.Text(FieldNames.Id)));
    }

    [Fact]
    public void Members_named_like_reserved_fields_are_kept_under_a_prefix()
    {
        var e = App("@[signup] {\"message\":\"hi\",\"name\":\"bob\",\"app\":\"mobile\",\"_raw\":\"x\"}");

        Assert.Equal("signup", e.Name);
        Assert.Equal("hi", e.Text("msg.message"));
        Assert.Equal("bob", e.Text("msg.name"));
        Assert.Equal("mobile", e.Text("msg.app"));
        Assert.Equal("x", e.Text("msg._raw"));
        Assert.Equal("app", e.Text("app"));
        Assert.StartsWith("<190>1", e.Text("_raw"));
    }

    [Fact]
    public void An_empty_tag_keeps_the_log_name_and_still_gets_the_properties()
    {
        var e = App("@[] {\"uid\":123,\"item_id\":7326,\"item_category\":\"categoryA\",\"price\":321321}");

        Assert.Equal(EventNames.Log, e.Name);
        Assert.Equal(7326, e.Long("item_id"));
        Assert.Equal("categoryA", e.Text("item_category"));
    }

    [Theory]
    [InlineData("@[production.register] {\"uid\":123")]
    [InlineData("@[production.register] not json")]
    [InlineData("@[production.register] {\"uid\":123} trailing")]
    public void A_tagged_line_with_invalid_json_keeps_its_name_and_reports_the_payload(string msg)
    {
        var (events, errors) = Drain.Syslog(Drain.Heroku("web.1", msg, app: "app", pri: 190));

        var e = Assert.Single(events);
        Assert.Equal("production.register", e.Name);
        Assert.False(e.Has("uid"));
        Assert.Equal(AppLineErrors.InvalidTaggedJson, e.Text("_parseerror"));
        Assert.Equal(DecodeErrorKind.MalformedPayload, Assert.Single(errors).Kind);
    }

    [Theory]
    [InlineData("@[has space] {\"a\":1}")]
    [InlineData("@[unclosed {\"a\":1}")]
    public void Something_that_is_not_a_tag_is_an_ordinary_log_line(string msg)
    {
        var e = App(msg);

        Assert.Equal(EventNames.Log, e.Name);
        Assert.False(e.Has("a"));
    }
}
