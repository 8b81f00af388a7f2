using System.Text;
using Metronome.Ingest.Ticks;

namespace Metronome.Ingest.Tests.Ticks;

/// <summary>The flat-object fast path must decide exactly as the general JSON reader does: the same
/// encoded events and the same errors, byte for byte, whatever the input.</summary>
public sealed class FlatJsonScannerTests
{
    private const long Now = 1_800_000_000_000_000;

    public static TheoryData<string> EdgeLines() =>
    [
        """{"id":"a","plan":"pro","n":1}""",
        """  { "id" : "a" , "n" : -0 , "x" : 1.5e3 , "y" : 1E-2 , "ok" : true , "no" : false , "z" : null }  """,
        """{}""",
        """{"a":"x\"y"}""",
        """{"a\u0062":"x"}""",
        """{"a":"é ü 😀"}""",
        """{"a":{"b":1}}""",
        """{"a":[1,2]}""",
        """{"a":1,}""",
        """{"a":1 "b":2}""",
        """{"a":01}""",
        """{"a":1.}""",
        """{"a":.5}""",
        """{"a":1e}""",
        """{"a":-}""",
        """{"a":9223372036854775807,"b":9223372036854775808,"c":-9223372036854775808}""",
        """{"a":1e400}""",
        """{"a":tru}""",
        """{"a":nul}""",
        """{"a":"x"} trailing""",
        """{"a":"x"}{"b":1}""",
        """{"a":"x""",
        """{"a""",
        """[{"a":1}]""",
        """{"name":"download","url":"https://x.example/f.CSV?x=1","format":"CSV"}""",
        """{"name":"pageview","ts":1800000000000,"referrer":"https://www.google.com/search?q=x"}""",
        """{"ts":"2027-01-15T10:00:00Z","id":42}""",
        """{"ts":"yesterday"}""",
        """{"a":1,"a":2}""",
        """{"":1}""",
        """{"_app":"other"}""",
        """{"_messagetime":1}""",
        "{\"a\":\"tab\there\"}",
        "{\"a\":\"bad \xC3\x28 utf8\"}",
        "\t{\"a\":1}\r",
    ];

    [Theory]
    [MemberData(nameof(EdgeLines))]
    public void An_edge_line_decodes_as_the_general_reader_decodes_it(string line)
    {
        AssertSameAsGeneralReader(Encoding.UTF8.GetBytes(line));
        AssertSameAsGeneralReader(Encoding.UTF8.GetBytes(line + "\n" + line + "\n"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_and_mutated_ticks_decode_as_the_general_reader_decodes_them(int seed)
    {
        var random = new Random(seed);
        string[] keys = ["id", "name", "ts", "url", "referrer", "format", "plan", "w", "country", "ok", "é", "_sourcecategory"];
        string[] values = ["\"pro\"", "\"\"", "1", "-2", "3.25", "1e2", "true", "false", "null", "\"https://x.example/a.csv\"",
            "\"download\"", "\"2027-01-15T10:00:00Z\"", "1800000000000", "\"a\\\"b\"", "{}", "[1]", "\"ü\""];
        for (int n = 0; n < 2_000; n++)
        {
            var members = Enumerable.Range(0, random.Next(0, 8))
                .Select(_ => $"\"{keys[random.Next(keys.Length)]}\"{Space(random)}:{Space(random)}{values[random.Next(values.Length)]}");
            var bytes = Encoding.UTF8.GetBytes("{" + string.Join("," + Space(random), members) + "}");
            if (random.Next(4) == 0)
            {
                // Mutate one byte: most mutations make invalid JSON, which both must refuse alike.
                const string Mutations = "{}[]\":,0-e. \\x\u00ff";
                bytes[random.Next(bytes.Length)] = (byte)Mutations[random.Next(Mutations.Length)];
            }

            AssertSameAsGeneralReader(bytes);
        }
    }

    private static string Space(Random random) => random.Next(5) == 0 ? " " : "";

    private static void AssertSameAsGeneralReader(byte[] body)
    {
        var context = new TickContext("shop", Now, "https://ref.example/page");
        using var fast = new TickDecoder(new TickLimits()).DecodeNdjson(body, context);
        using var general = new TickDecoder(new TickLimits()) { UseFlatScanner = false }.DecodeNdjson(body, context);
        Assert.Equal(general.Errors, fast.Errors);
        Assert.Equal(general.BodyError, fast.BodyError);
        Assert.Equal(general.ToBatch().Data, fast.ToBatch().Data);

        if (!body.AsSpan().Contains((byte)'\n'))
        {
            using var fastJson = new TickDecoder(new TickLimits()).DecodeJson(body, context);
            using var generalJson = new TickDecoder(new TickLimits()) { UseFlatScanner = false }.DecodeJson(body, context);
            Assert.Equal(generalJson.Errors, fastJson.Errors);
            Assert.Equal(generalJson.BodyError, fastJson.BodyError);
            Assert.Equal(generalJson.ToBatch().Data, fastJson.ToBatch().Data);
        }
    }
}
