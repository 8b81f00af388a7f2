using System.Globalization;
using Metronome.Query.Diagnostics;
using Metronome.Query.Execution;
using Metronome.Query.Sources;

namespace Metronome.Query.Tests;

/// <summary>Runs every case of Cases/*.txt against the in-memory source.</summary>
public sealed class LanguageCaseTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in LanguageCase.LoadAll())
        {
            data.Add(c.ToString());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Case_gives_the_expected_table_or_error(string id)
    {
        var c = LanguageCase.LoadAll().Single(x => x.ToString() == id);
        var actual = await Run(c);
        var expected = string.Join("\n", c.Expected);
        var got = string.Join("\n", actual);
        if (expected != got)
        {
            Assert.Fail($"query:\n{c.Query}\nexpected:\n{expected}\nactual:\n{got}");
        }
    }

    public static QueryRequest Request(LanguageCase c)
    {
        var options = c.Options;
        return new QueryRequest
        {
            Query = c.Query,
            App = LanguageCase.DefaultApp,
            From = DateTimeOffset.Parse(options.GetValueOrDefault("from", "2026-11-01T00:00:00Z"), CultureInfo.InvariantCulture),
            To = DateTimeOffset.Parse(options.GetValueOrDefault("to", "2026-11-02T00:00:00Z"), CultureInfo.InvariantCulture),
            TimeZone = options.GetValueOrDefault("tz", "UTC"),
            Variables = c.Variables,
            Offset = int.Parse(options.GetValueOrDefault("offset", "0"), CultureInfo.InvariantCulture),
            Limit = options.TryGetValue("limit", out var limit) ? int.Parse(limit, CultureInfo.InvariantCulture) : null,
            MaxGroups = int.Parse(options.GetValueOrDefault("maxgroups", "100000"), CultureInfo.InvariantCulture),
            Geo = options.ContainsKey("geo") ? new FakeGeo() : null,
            Clock = new FixedClock(DateTimeOffset.Parse("2026-11-02T00:00:00Z", CultureInfo.InvariantCulture)),
        };
    }

    public static async Task<List<string>> Run(LanguageCase c)
    {
        var ingest = c.Options.GetValueOrDefault("ingest");
        var capabilities = ingest is null ? null : new SourceCapabilities(new HashSet<string>(ingest.Split('+'), StringComparer.OrdinalIgnoreCase));
        var source = new InMemoryEventSource(c.Events, capabilities, batchSize: 3);
        try
        {
            var result = await QueryEngine.ExecuteAsync(Request(c), source);
            return TableText.Format(result, c.Options.ContainsKey("stats"));
        }
        catch (QueryException e)
        {
            var d = e.Diagnostic;
            return [d.HasPosition ? $"error {d.Code} at {d.Line}:{d.Column}" : $"error {d.Code}"];
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class FakeGeo : IGeoLookup
    {
        public bool TryLookup(string ip, out IReadOnlyDictionary<string, object?> location)
        {
            location = new Dictionary<string, object?>
            {
                ["latitude"] = 48.85,
                ["longitude"] = 2.35,
                ["country_code"] = "FR",
                ["country_name"] = "France",
                ["city"] = "Paris",
            };
            return ip.StartsWith("81.", StringComparison.Ordinal);
        }
    }
}
