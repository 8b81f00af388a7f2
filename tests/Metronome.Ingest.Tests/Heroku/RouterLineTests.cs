using Metronome.Ingest.Tests.Decoding;

namespace Metronome.Ingest.Tests.Heroku;

/// <summary>The exact router shapes of heroku-log-formats.md 2.1 and the value forms of 5.5 and 5.6.</summary>
public class RouterLineTests
{
    private static Metronome.Core.Events.Event Router(string msg) => Drain.One(Drain.Heroku("router", msg));

    [Fact]
    public void An_info_line_gets_every_key_typed()
    {
        var e = Router("at=info method=GET path=\"/cart_link\" host=lumberjack-store.timber.io request_id=05726858-c44e-4f94-9a20-37df73be9006 fwd=\"73.75.38.87\" dyno=web.1 connect=1ms service=22ms status=304 bytes=656 protocol=http");

        Assert.Equal(EventNames.Router, e.Name);
        Assert.Equal("info", e.Text("at"));
        Assert.Equal("GET", e.Text("method"));
        Assert.Equal("/cart_link", e.Text("path"));
        Assert.Equal("lumberjack-store.timber.io", e.Text("host"));
        Assert.Equal("05726858-c44e-4f94-9a20-37df73be9006", e.Text("request_id"));
        Assert.Equal("73.75.38.87", e.Text("fwd"));
        Assert.Equal("web.1", e.Text("dyno"));
        Assert.Equal(1, e.Long("connect"));
        Assert.Equal(22, e.Long("service"));
        Assert.Equal(304, e.Long("status"));
        Assert.Equal(656, e.Long("bytes"));
        Assert.Equal("http", e.Text("protocol"));
        Assert.Equal("host", e.Text("_sourcehost"));
    }

    [Fact]
    public void An_error_line_gets_its_code_and_the_code_description()
    {
        var e = Router("at=error code=H12 desc=\"Request timeout\" method=GET path=\"/\" host=myapp.herokuapp.com fwd=17.17.17.17 dyno=web.1 connect=6ms service=30001ms status=503 bytes=0");

        Assert.Equal("error", e.Text("at"));
        Assert.Equal("H12", e.Text("code"));
        Assert.Equal("Request timeout", e.Text("desc"));
        Assert.Contains("30 seconds", e.Text("code_description"));
        Assert.Equal(30001, e.Long("service"));
        Assert.Equal(0, e.Long("bytes"));
        Assert.Equal("17.17.17.17", e.Text("fwd"));
    }

    [Fact]
    public void Sock_before_at_and_an_empty_bytes_value_are_handled()
    {
        var e = Router("sock=client at=warning code=H27 desc=\"Client Request Interrupted\" method=GET path=\"/\" host=bfghsdg.herokuapp.com request_id=546c7c39-039a-4487-b120-c46017e501b2 fwd=\"189.215.153.244\" dyno=web.1 connect=1ms service=29043ms status=499 bytes= protocol=https");

        Assert.Equal("client", e.Text("sock"));
        Assert.Equal("warning", e.Text("at"));
        Assert.False(e.Has("bytes"));
        Assert.Equal(499, e.Long("status"));
        Assert.Equal("https", e.Text("protocol"));
    }

    [Fact]
    public void A_quoted_path_with_a_space_and_router_2_fields_are_read()
    {
        var e = Router("at=info method=GET path=\"/api/Schlachter 1951/books\" host=www.123-bibel.de request_id=bf6476e1-ab1b-20f1-b4b8-dcb74b959e3d fwd=\"61.8.139.252\" dyno=web.1 connect=0ms service=74ms status=200 bytes=2256 protocol=http2.0 tls=true tls_version=tls1.3");

        Assert.Equal("/api/Schlachter 1951/books", e.Text("path"));
        Assert.Equal("http2.0", e.Text("protocol"));
        Assert.True(e.Get("tls").AsBool);
        Assert.Equal("tls1.3", e.Text("tls_version"));
        Assert.Equal(0, e.Long("connect"));
    }

    [Fact]
    public void Empty_values_mean_not_applicable_and_are_not_zero()
    {
        var e = Router("at=error code=H10 desc=\"App crashed\" method=GET path=\"/\" host=x.herokuapp.com fwd=\"1.1.1.1\" dyno= connect= service= status=503 bytes=");

        Assert.Equal("", e.Text("dyno"));
        Assert.False(e.Has("connect"));
        Assert.False(e.Has("service"));
        Assert.False(e.Has("bytes"));
        Assert.Equal(503, e.Long("status"));
        Assert.Equal("App crashed", e.Text("desc"));
    }

    [Fact]
    public void Bare_numbers_without_a_unit_are_milliseconds_too()
    {
        var e = Router("at=error code=H26 desc=\"Request Error\" cause=\"bad header\" method=GET path=\"/\" host=x.herokuapp.com fwd=1.1.1.1 dyno=web.1 connect=0 service=1 status=400 bytes=0");

        Assert.Equal(0, e.Long("connect"));
        Assert.Equal(1, e.Long("service"));
        Assert.Equal("bad header", e.Text("cause"));
    }

    [Fact]
    public void A_fwd_list_and_an_unquoted_path_stay_text()
    {
        var e = Router("at=info method=POST path=/ host=h fwd=\"58.6.203.42,54.239.202.42\" dyno=web.2 connect=1ms service=5ms status=201 bytes=10");

        Assert.Equal("/", e.Text("path"));
        Assert.Equal("58.6.203.42,54.239.202.42", e.Text("fwd"));
    }

    [Fact]
    public void An_unknown_key_is_typed_like_any_logfmt_value()
    {
        var e = Router("at=info method=GET path=/ retries=2 ratio=0.5 status=200");

        Assert.Equal(2, e.Long("retries"));
        Assert.Equal(0.5, e.Double("ratio"));
    }

    [Fact]
    public void A_router_key_named_like_a_reserved_field_does_not_overwrite_it()
    {
        var e = Router("at=info message=hijack app=other status=200");

        Assert.Equal("at=info message=hijack app=other status=200", e.Text("message"));
        Assert.Equal("heroku", e.Text("app"));
        Assert.Equal("hijack", e.Text("msg.message"));
        Assert.Equal("other", e.Text("msg.app"));
    }
}
