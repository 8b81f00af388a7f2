using System.Net.Http.Headers;
using System.Text;
using Metronome.Core.Events;
using Metronome.Server.Drains;
using Metronome.Storage;
using Metronome.Storage.Scanning;
using Microsoft.Extensions.DependencyInjection;

namespace Metronome.Server.Tests.Drains;

/// <summary>Logplex bodies built from the reference's captured messages, and the requests Logplex sends.</summary>
internal static class LogplexBodies
{
    public const string Token = "d.98ee476d-d2d8-46bf-afc2-740f6f7e5b2a";

    public const string Router = "<158>1 2022-06-13T14:52:23.622778+00:00 host heroku router - at=info method=GET path=\"/cart_link\" host=lumberjack-store.timber.io request_id=05726858-c44e-4f94-9a20-37df73be9006 fwd=\"73.75.38.87\" dyno=web.1 connect=1ms service=22ms status=304 bytes=656 protocol=http\n";

    public const string RouterError = "<158>1 2022-06-13T14:52:24+00:00 host heroku router - at=error code=H12 desc=\"Request timeout\" method=GET path=\"/\" host=myapp.herokuapp.com fwd=17.17.17.17 dyno=web.1 connect=6ms service=30001ms status=503 bytes=0\n";

    public const string Erlang = "<174>1 2012-07-22T00:06:26+00:00 host erlang console - Hi from erlang\n";

    /// <summary>Logplex's own L10 frame: 142 bytes with no trailing LF.</summary>
    public const string L10 = "<172>1 2014-11-11T08:24:25+00:00 host heroku logplex - Error L10 (output buffer overflow): 7 messages dropped since 2014-11-07T23:29:45+00:00.";

    public const string Tagged = "<190>1 2022-06-13T14:52:25.1+00:00 host app web.1 - @[production.register] {\"uid\":123,\"id\":\"u-1\"}\n";

    /// <summary>The README's example body (two frames of 70 bytes) followed by real router, app and L10 lines.</summary>
    public static string Sample => Frames(Erlang, Erlang, Router, RouterError, Tagged, L10);

    public const int SampleMessages = 6;

    public static string Frame(string message) => $"{Encoding.UTF8.GetByteCount(message)} {message}";

    public static string Frames(params string[] messages) => string.Concat(messages.Select(Frame));

    /// <summary>A router line stamped at <paramref name="time"/> (RFC 3339).</summary>
    public static string RouterAt(string time, int n) =>
        $"<158>1 {time} host heroku router - at=info method=GET path=\"/p/{n}\" host=a.herokuapp.com request_id=r-{n} fwd=\"1.2.3.4\" dyno=web.1 connect=1ms service={n}ms status=200 bytes=10 protocol=https\n";

    public static HttpRequestMessage Request(string body, string? frameId, string? writeKey, string query = "", string contentType = "application/logplex-1", int? messages = null) =>
        Request(Encoding.UTF8.GetBytes(body), frameId, writeKey, query, contentType, messages);

    /// <summary>A request as Logplex sends it, with the write key as the drain URL's basic-auth password.</summary>
    public static HttpRequestMessage Request(byte[] body, string? frameId, string? writeKey, string query = "", string contentType = "application/logplex-1", int? messages = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/drains/logplex" + query) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (writeKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("x:" + writeKey)));
        }

        request.Headers.Add("Logplex-Msg-Count", (messages ?? 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (frameId is not null)
        {
            request.Headers.Add("Logplex-Frame-Id", frameId);
        }

        request.Headers.Add("Logplex-Drain-Token", Token);
        request.Headers.UserAgent.ParseAdd("Logplex/v72");
        return request;
    }

    /// <summary>The app's log events, without the <c>drain.frame</c> markers of old-stamped frames.</summary>
    public static List<Event> Events(IServiceProvider services, string app) =>
        AllEvents(services, app).Where(e => e.Name != FrameMarker.EventName).ToList();

    public static List<Event> AllEvents(IServiceProvider services, string app) =>
        services.GetRequiredService<IEventStore>().Scan(new ScanQuery { App = app }).ToList();

    public static string Text(this Event e, string key)
    {
        var value = e.Get(key);
        Assert.True(value.Kind == FieldKind.String, $"{key} is {value.Kind}, not String");
        return value.AsString;
    }
}
