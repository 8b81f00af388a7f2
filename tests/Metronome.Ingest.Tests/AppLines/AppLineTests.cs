using Metronome.Core.Events;
using Metronome.Ingest.Tests.Decoding;

namespace Metronome.Ingest.Tests.AppLines;

public class AppLineTests
{
    private static Event App(string msg) => Drain.One(Drain.Heroku("web.1", msg, app: "app", pri: 190));

    [Fact]
    public void A_json_line_gets_its_members_as_properties()
    {
        var e = App("{\"method\":\"GET\",\"path\":\"/\",\"format\":\"html\",\"status\":200,\"duration\":12.34,\"message\":\"done\"}");

        Assert.Equal(EventNames.Log, e.Name);
        Assert.Equal(200, e.Long("status"));
        Assert.Equal(12.34, e.Double("duration"));
        Assert.Equal("done", e.Text("msg.message"));
    }

    [Fact]
    public void A_logfmt_line_gets_typed_pairs()
    {
        var e = App("source=rack-timeout id=9f2c wait=7ms timeout=25000ms service=25ms state=completed retries=0 ratio=1.5 ok=true note=\"two words\" empty=");

        Assert.Equal("rack-timeout", e.Text("source"));
        Assert.Equal("7ms", e.Text("wait"));
        Assert.Equal(0, e.Long("retries"));
        Assert.Equal(1.5, e.Double("ratio"));
        Assert.True(e.Get("ok").AsBool);
        Assert.Equal("two words", e.Text("note"));
        Assert.Equal("", e.Text("empty"));
    }

    [Fact]
    public void Plain_text_gets_no_properties()
    {
        var e = App("Completed 200 OK in 5ms (Views: 1.2ms | ActiveRecord: 0.4ms)");

        Assert.Equal(EventNames.Log, e.Name);
        Assert.Equal(9, e.Fields.Count);
    }

    [Fact]
    public void Text_with_a_few_pairs_after_words_is_not_logfmt()
    {
        var e = App("Started GET \"/\" for 1.2.3.4 at 2024-01-01 user=5");

        Assert.False(e.Has("user"));
    }

    [Fact]
    public void Broken_logfmt_keeps_what_it_can()
    {
        var e = App("this_is=\"broken level=info");

        Assert.Equal("broken level=info", e.Text("this_is"));
    }

    [Fact]
    public void Escaped_quotes_inside_a_logfmt_value_are_unescaped()
    {
        var e = App("msg=\"she said \\\"hi\\\"\" level=info");

        Assert.Equal("she said \"hi\"", e.Text("msg"));
        Assert.Equal("info", e.Text("level"));
    }

    [Fact]
    public void A_repeated_key_keeps_its_first_value()
    {
        var e = App("a=1 a=2 A=3");

        Assert.Equal(1, e.Long("a"));
        Assert.Single(e.Fields, f => string.Equals(f.Key, "a", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Leading_zeros_keep_a_value_as_text()
    {
        var e = App("zip=01234 count=10");

        Assert.Equal("01234", e.Text("zip"));
        Assert.Equal(10, e.Long("count"));
    }

    [Fact]
    public void Invalid_json_that_looks_like_an_object_is_plain_text_without_an_error()
    {
        var (events, errors) = Drain.Syslog(Drain.Heroku("web.1", "{not json}", app: "app", pri: 190));

        Assert.Empty(errors);
        Assert.Equal("{not json}", Assert.Single(events).Text("message"));
    }

    [Fact]
    public void A_postgres_server_log_line_is_a_log_event()
    {
        var e = Drain.One(Drain.Heroku("postgres.1105947", "[YELLOW] [12-1]  sql_error_code = 00000 LOG:  duration: 2405.887 ms  statement: SELECT 1", app: "app", pri: 134));

        Assert.Equal(EventNames.Log, e.Name);
        Assert.Equal("postgres.1105947", e.Text("proc"));
    }
}
