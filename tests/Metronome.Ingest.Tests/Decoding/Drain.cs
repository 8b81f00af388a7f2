using System.Globalization;
using System.Text;
using Metronome.Core.Events;
using Metronome.Core.Time;

namespace Metronome.Ingest.Tests.Decoding;

/// <summary>Builds logplex bodies and decodes them for the tests.</summary>
internal static class Drain
{
    public const string Token = "d.98ee476d-d2d8-46bf-afc2-740f6f7e5b2a";

    public static readonly long ReceiptUs = Micros("2024-03-10T12:00:00Z");

    public static DrainContext Context => new("acme", ReceiptUs) { SourceName = Token };

    public static long Micros(string rfc3339) =>
        UnixTime.ToMicroseconds(DateTimeOffset.Parse(rfc3339, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));

    /// <summary>One RFC 6587 frame: the UTF-8 byte count, a space and the message.</summary>
    public static string Frame(string message) => $"{Encoding.UTF8.GetByteCount(message)} {message}";

    public static (List<Event> Events, List<DecodeError> Errors) Logplex(string body) => Logplex(Encoding.UTF8.GetBytes(body));

    public static (List<Event> Events, List<DecodeError> Errors) Logplex(byte[] body)
    {
        var events = new List<Event>();
        var errors = new List<DecodeError>();
        LogplexDecoder.Decode(body, Context, events, errors);
        return (events, errors);
    }

    /// <summary>Decodes one message that must produce no error.</summary>
    public static Event One(string message, DrainContext? context = null)
    {
        var (events, errors) = Syslog(message, context);
        Assert.Empty(errors);
        return Assert.Single(events);
    }

    public static (List<Event> Events, List<DecodeError> Errors) Syslog(string message, DrainContext? context = null)
    {
        var events = new List<Event>();
        var errors = new List<DecodeError>();
        SyslogDecoder.Decode(Encoding.UTF8.GetBytes(message), context ?? Context, events, errors);
        return (events, errors);
    }

    /// <summary>A Logplex router/dyno message with the usual envelope.</summary>
    public static string Heroku(string proc, string msg, string app = "heroku", int pri = 158, string time = "2022-06-13T14:52:23.622778+00:00") =>
        $"<{pri}>1 {time} host {app} {proc} - {msg}\n";

    public static string Text(this Event e, string key)
    {
        var value = e.Get(key);
        Assert.True(value.Kind == FieldKind.String, $"{key} is {value.Kind}, not String");
        return value.AsString;
    }

    public static long Long(this Event e, string key)
    {
        var value = e.Get(key);
        Assert.True(value.Kind == FieldKind.Long, $"{key} is {value.Kind}, not Long");
        return value.AsLong;
    }

    public static double Double(this Event e, string key)
    {
        var value = e.Get(key);
        Assert.True(value.Kind == FieldKind.Double, $"{key} is {value.Kind}, not Double");
        return value.AsDouble;
    }

    public static bool Has(this Event e, string key) => !e.Get(key).IsNull;
}
