using System.Text;
using Metronome.Core.Events;
using Metronome.Ingest.Heroku;
using Metronome.Ingest.Text;

namespace Metronome.Ingest.Tests.Heroku;

/// <summary><see cref="RouterLineParser"/> skips the builder's key checks while a line holds only documented
/// keys; these tests hold it to the plain path (<see cref="RouterLineReference"/>), field by field and in
/// order, on the reference shapes and on random lines full of duplicates, case variants and reserved names.</summary>
public class RouterLineFastPathTests
{
    public static TheoryData<string> ReferenceLines => new()
    {
        "at=info method=GET path=\"/cart_link\" host=lumberjack-store.timber.io request_id=05726858-c44e-4f94-9a20-37df73be9006 fwd=\"73.75.38.87\" dyno=web.1 connect=1ms service=22ms status=304 bytes=656 protocol=http",
        "at=error code=H12 desc=\"Request timeout\" method=GET path=\"/\" host=myapp.herokuapp.com fwd=17.17.17.17 dyno=web.1 connect=6ms service=30001ms status=503 bytes=0",
        "sock=client at=warning code=H27 desc=\"Client Request Interrupted\" method=GET path=\"/\" host=bfghsdg.herokuapp.com request_id=546c7c39-039a-4487-b120-c46017e501b2 fwd=\"189.215.153.244\" dyno=web.1 connect=1ms service=29043ms status=499 bytes= protocol=https",
        "at=info method=GET path=\"/api/Schlachter 1951/books\" host=www.123-bibel.de request_id=bf6476e1-ab1b-20f1-b4b8-dcb74b959e3d fwd=\"61.8.139.252\" dyno=web.1 connect=0ms service=74ms status=200 bytes=2256 protocol=http2.0 tls=true tls_version=tls1.3",
        "at=error code=H10 desc=\"App crashed\" method=GET path=\"/\" host=x.herokuapp.com fwd=\"1.1.1.1\" dyno= connect= service= status=503 bytes=",
        "at=error code=H26 desc=\"Request Error\" cause=\"bad header\" method=GET path=\"/\" host=x.herokuapp.com fwd=1.1.1.1 dyno=web.1 connect=0 service=1 status=400 bytes=0",
        "at=info method=POST path=/ host=h fwd=\"58.6.203.42,54.239.202.42\" dyno=web.2 connect=1ms service=5ms status=201 bytes=10",
        "at=info method=GET path=/ retries=2 ratio=0.5 status=200",
        "at=info message=hijack app=other status=200",
        "at=error code=H31 desc=\"Misdirected Request\" method=GET path=\"/\" host=x agent=\"curl/8.0 (x86_64)\" status=421",
        "at=info status=200 Status=404 STATUS=500 host=a Host=b",
        "at=info code=H12 code=H10 status=abc connect=xms service=ms tls=maybe",
    };

    [Theory]
    [MemberData(nameof(ReferenceLines))]
    public void Reference_lines_get_the_same_fields_as_the_plain_path(string line) =>
        AssertSameAsReference(line);

    [Fact]
    public void Random_lines_get_the_same_fields_as_the_plain_path()
    {
        var random = new Random(20261121);
        for (int i = 0; i < 5000; i++)
        {
            AssertSameAsReference(RandomLine(random));
        }
    }

    [Fact]
    public void A_builder_that_already_holds_parsed_fields_takes_the_checked_path()
    {
        const string line = "at=info status=200 dyno=web.1";

        var fast = Parse(line, RouterLineParser.Parse, preParsed: true);
        var reference = Parse(line, RouterLineReference.Parse, preParsed: true);

        Assert.Equal(reference, fast);
        Assert.DoesNotContain(fast, f => f.Key == "status"); // the earlier STATUS wins, case-insensitively
    }

    [Fact]
    public void A_line_past_the_field_limit_stops_where_the_plain_path_stops()
    {
        var line = string.Join(' ', RouterKeys.All.Select(k => k.Name + "=1").Concat(Enumerable.Range(0, 600).Select(i => $"k{i}=v")));
        AssertSameAsReference(line);
        AssertSameAsReference(string.Join(' ', Enumerable.Range(0, 600).Select(i => $"k{i}=v")) + " status=200 host=h");
    }

    [Fact]
    public void No_documented_router_key_is_a_reserved_field()
    {
        Assert.All(RouterKeys.All, k => Assert.False(ReservedFields.Contains(k.Name), k.Name));
        Assert.Equal(RouterKeys.All.Length, RouterKeys.All.Select(k => k.Bit).Distinct().Count());
        Assert.All(RouterKeys.All, k => Assert.Equal(1, System.Numerics.BitOperations.PopCount(k.Bit)));
    }

    [Fact]
    public void Keys_are_recognised_exactly_and_nothing_else_is()
    {
        foreach (var key in RouterKeys.All)
        {
            Assert.True(RouterKeys.TryClassify(Encoding.ASCII.GetBytes(key.Name), out var found), key.Name);
            Assert.Equal(key, found);
            foreach (var near in new[] { key.Name.ToUpperInvariant(), key.Name + "x", "x" + key.Name, key.Name[..^1], key.Name[1..], key.Name[..^1] + "_" })
            {
                Assert.False(RouterKeys.TryClassify(Encoding.ASCII.GetBytes(near), out _), near);
            }
        }

        Assert.False(RouterKeys.TryClassify(""u8, out _));
        Assert.False(RouterKeys.TryClassify("a_key_far_longer_than_any_router_key"u8, out _));
    }

    private static void AssertSameAsReference(string line)
    {
        var fast = Parse(line, RouterLineParser.Parse, preParsed: false);
        var reference = Parse(line, RouterLineReference.Parse, preParsed: false);
        Assert.True(reference.SequenceEqual(fast), $"line: {line}\nreference: {Show(reference)}\nfast:      {Show(fast)}");
    }

    private delegate void Parser(ReadOnlySpan<byte> msg, FieldListBuilder fields);

    private static KeyValuePair<string, FieldValue>[] Parse(string line, Parser parser, bool preParsed)
    {
        var fields = new FieldListBuilder();
        fields.AddReserved(FieldNames.Message, line);
        if (preParsed)
        {
            fields.Add("STATUS", 1L);
        }

        parser(Encoding.UTF8.GetBytes(line), fields);
        return fields.ToArray();
    }

    private static string Show(IEnumerable<KeyValuePair<string, FieldValue>> fields) =>
        string.Join(" ", fields.Select(f => $"{f.Key}:{f.Value.Kind}:{f.Value}"));

    private static readonly string[] OtherKeys = ["retries", "ratio", "queue", "wait", "message", "app", "_raw", "proc", "name", "sample#memory_total", "x", "code_description", "Host", "STATUS", "Path", "tls_Version", "connect_ms"];

    private static readonly string[] Values = ["", "0", "1", "22ms", "30001ms", "ms", "007", "-5", "1.5", "true", "false", "H12", "H99", "info", "web.1", "/", "abc", "12abc", "180.43MB", "ünïcode"];

    internal static string RandomLine(Random random)
    {
        var tokens = new List<string>();
        int count = random.Next(0, 24);
        for (int t = 0; t < count; t++)
        {
            var key = random.Next(4) switch
            {
                0 => OtherKeys[random.Next(OtherKeys.Length)],
                _ => RouterKeys.All[random.Next(RouterKeys.All.Length)].Name,
            };
            var value = Values[random.Next(Values.Length)];
            tokens.Add(random.Next(12) switch
            {
                0 => key,                                                  // a bare word
                1 => $"{key}=\"{value} with space\"",                      // quoted with a space
                2 => $"{key}=\"{value}\\\"q\"",                            // quoted with an escape
                3 => $"{key}=\"{value}\"",                                 // quoted
                _ => $"{key}={value}",
            });
        }

        return string.Join(random.Next(5) == 0 ? "  " : " ", tokens);
    }
}
