using Metronome.Core.Events;
using Metronome.Core.Time;
using Metronome.Storage.Aggregation;
using Metronome.Storage.Scanning;

namespace Metronome.Storage.Tests.Aggregation;

/// <summary>Seeded random aggregate queries over <see cref="RandomEvents"/>.</summary>
internal static class RandomQueries
{
    public static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    public static readonly TimeZoneInfo StJohns = TimeZoneInfo.FindSystemTimeZoneById("America/St_Johns");

    private static readonly string[] NumericFields = ["ms", "bytes", "status", "qty", "code", "ok", "nosuch"];
    /// <summary>Regexes for <see cref="FilterOp.Matches"/>: case, anchors, classes over text, numbers and bools.</summary>
    private static readonly string[] RegexPatterns = [@"(?i)\bERROR\b", @"^/items/1\d*/", "Zürich|über", @"^\d{3}$", "0$", "^(?!view$)", "(?i)^tru", "^(?:de|fr)$", "e", @"^\S+$"];

    private static readonly string[] AnyFields = ["country", "path", "status", "ms", "bytes", "ok", "qty", "code", "_raw", "message", "nosuch", "name", "Country"];

    public static AggregateQuery Generate(Random random)
    {
        var scan = new ScanQuery
        {
            App = random.Next(20) == 0 ? "nobody" : RandomEvents.Pick(random, RandomEvents.Apps),
            Filters = Enumerable.Range(0, random.Next(0, 4)).Select(_ => Filter(random)).ToList(),
            Terms = random.Next(7) == 0 ? [RandomEvents.Pick(random, RandomEvents.Words).ToUpperInvariant()] : [],
        };
        if (random.Next(2) == 0)
        {
            long from = random.NextInt64(RandomEvents.StartUs, RandomEvents.EndUs);
            scan = scan with { FromUs = from, ToUs = random.NextInt64(from, RandomEvents.EndUs + 1) };
        }

        var groupBy = Enumerable.Range(0, random.Next(0, 4)).Select(_ => Key(random)).DistinctBy(k => k.OutputName).ToList();
        var aggregates = Enumerable.Range(0, random.Next(1, 5)).Select(_ => Aggregate(random)).ToList();
        return new AggregateQuery(scan, groupBy, aggregates);
    }

    private static FieldFilter Filter(Random random) => random.Next(15) switch
    {
        13 => FieldFilter.MatchesRegex(RandomEvents.Pick(random, new[] { "path", "PATH", "_raw", "message" }), RandomEvents.Pick(random, RegexPatterns)),
        14 => FieldFilter.MatchesRegex(RandomEvents.Pick(random, new[] { "status", "ms", "ok", "name", "_app", "country", "_messagetime" }), RandomEvents.Pick(random, RegexPatterns)),
        0 => FieldFilter.OneOf("name", [.. Enumerable.Range(0, random.Next(1, 3)).Select(_ => (FieldValue)RandomEvents.Pick(random, new[] { "view", "VIEW", "pay", "Login", "none" }))]),
        1 => FieldFilter.OneOf(random.Next(2) == 0 ? "country" : "COUNTRY", "de", RandomEvents.Pick(random, new[] { "fr", "US", "xx" })),
        2 => new FieldFilter("country", FilterOp.NotIn, ["DE", "br"]),
        3 => FieldFilter.Present(RandomEvents.Pick(random, AnyFields)),
        4 => new FieldFilter(RandomEvents.Pick(random, AnyFields), FilterOp.Missing, []),
        5 => FieldFilter.Between("status", 200, RandomEvents.Pick(random, new[] { 300.0, 404, 501 })),
        6 => FieldFilter.Between(RandomEvents.Pick(random, new[] { "ms", "bytes", "code", "qty" }), random.Next(0, 50), random.Next(50, 5_000_000)),
        7 => FieldFilter.OneOf("status", 404L, RandomEvents.Pick(random, new FieldValue[] { "500", 503.0, 201L })),
        8 => FieldFilter.Contains(random.Next(2) == 0 ? "_raw" : "message", string.Join(' ', Enumerable.Range(0, random.Next(1, 3)).Select(_ => RandomEvents.Pick(random, RandomEvents.Words)))),
        9 => FieldFilter.Contains("path", "ITEMS " + random.Next(5_000)),
        10 => FieldFilter.Equal("ok", random.Next(2) == 0),
        11 => FieldFilter.OneOf("code", 1L, "e2", "3"),
        _ => FieldFilter.Between("_messagetime", RandomEvents.StartUs / 1000, (RandomEvents.StartUs / 1000) + (random.NextInt64(1, 5 * 86_400) * 1000)),
    };

    private static GroupKey Key(Random random) => random.Next(10) switch
    {
        0 => new FieldGroupKey("name"),
        1 => new FieldGroupKey("country"),
        2 => new FieldGroupKey("Status"),
        3 => new FieldGroupKey("ok"),
        4 => new FieldGroupKey("code"),
        5 => new FieldGroupKey("_app"),
        6 => new TimeBucketKey(3_600 * UnixTime.MicrosecondsPerSecond, TimeZoneInfo.Utc),
        7 => new TimeBucketKey(UnixTime.MicrosecondsPerDay, NewYork),
        8 => new TimeBucketKey(RandomEvents.Pick(random, new[] { 300L, 3_600 }) * UnixTime.MicrosecondsPerSecond, RandomEvents.Pick(random, new[] { NewYork, StJohns })),
        _ => new TimeBucketKey(UnixTime.MicrosecondsPerDay, TimeZoneInfo.Utc),
    };

    private static AggregateSpec Aggregate(Random random) => random.Next(10) switch
    {
        0 => AggregateSpec.Count(),
        1 => new(AggregateKind.Sum, RandomEvents.Pick(random, NumericFields)),
        2 => new(AggregateKind.Min, RandomEvents.Pick(random, NumericFields)),
        3 => new(AggregateKind.Max, RandomEvents.Pick(random, NumericFields)),
        4 => new(AggregateKind.Avg, RandomEvents.Pick(random, NumericFields)),
        5 => new(AggregateKind.CountDistinct, RandomEvents.Pick(random, new[] { "country", "path", "status", "name", "code" })),
        6 => new(AggregateKind.Quantiles, RandomEvents.Pick(random, NumericFields), [0, 0.5, 0.9, 0.99, 1]),
        7 => new(AggregateKind.ApproxCountDistinct, RandomEvents.Pick(random, new[] { "path", "country" })),
        8 => new(AggregateKind.QuantilesNearestRank, RandomEvents.Pick(random, NumericFields), [0.99, 0, 0.5, 0.95, 1]),
        _ => new(AggregateKind.ApproxQuantiles, RandomEvents.Pick(random, new[] { "ms", "bytes" }), [0.5, 0.95]),
    };
}
