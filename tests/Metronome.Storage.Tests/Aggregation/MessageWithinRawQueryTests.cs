using Metronome.Core.Events;
using Metronome.Storage.Aggregation;
using Metronome.Storage.Scanning;
using Metronome.Storage.Tests.Segments;

namespace Metronome.Storage.Tests.Aggregation;

/// <summary>Queries over <c>message</c> answer the same whether the segments store it as the end of
/// <c>_raw</c> or as text of its own (<see cref="MessageStores"/>).</summary>
public sealed class MessageWithinRawQueryTests(MessageStores stores) : IClassFixture<MessageStores>
{
    private static ScanQuery Everything => new() { App = MessageStores.App };

    public static TheoryData<string> Scans => [.. ScanQueries().Keys];

    public static TheoryData<string> Aggregates => [.. AggregateQueries().Keys];

    [Theory]
    [MemberData(nameof(Scans))]
    public void Scans_filtering_or_searching_message_find_the_same_events(string name)
    {
        var (withinRaw, asText, events) = (stores.WithinRaw, stores.AsText, stores.Events);
        var query = ScanQueries()[name](events);

        var expected = SegmentFiles.Signatures(NaiveAggregation.Matching(events, query));
        Assert.NotEmpty(expected);
        Assert.Equal(expected, SegmentFiles.Signatures(withinRaw.Scan(query)));
        Assert.Equal(expected, SegmentFiles.Signatures(asText.Scan(query)));
        Assert.Equal(Projected(asText, query), Projected(withinRaw, query));
    }

    [Theory]
    [MemberData(nameof(Aggregates))]
    public void Aggregates_over_message_give_the_same_groups_and_values(string name)
    {
        var (withinRaw, asText, events) = (stores.WithinRaw, stores.AsText, stores.Events);
        var query = AggregateQueries()[name];

        var expected = NaiveAggregation.Aggregate(events, query);
        var actual = Rows(withinRaw.Aggregate(query));
        Assert.Equal(Rows(asText.Aggregate(query)), actual);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        if (!query.Aggregates.Any(a => a.Kind == AggregateKind.ApproxCountDistinct))
        {
            Assert.All(expected, group => Assert.Equal(group.Value.Select(NaiveAggregation.Exact), actual[group.Key]));
        }
    }

    private static Dictionary<string, Func<List<Event>, ScanQuery>> ScanQueries() => new()
    {
        ["message has words"] = _ => Everything with { Filters = [FieldFilter.Contains("message", "POST 404")] },
        ["message matches a pattern"] = _ => Everything with { Filters = [FieldFilter.MatchesRegex("message", "path=\"/(login|Straße).*status=404")] },
        ["message equals one of"] = events => Everything with { Filters = [FieldFilter.OneOf("message", events[77].Get("message"), "", events[5_001].Get("message"))] },
        ["message exists"] = _ => Everything with { Filters = [FieldFilter.Present("message"), FieldFilter.Equal("dyno", "web.2")] },
        ["message is missing"] = _ => Everything with { Filters = [new FieldFilter("message", FilterOp.Missing, [])] },
        ["keywords"] = _ => Everything with { Terms = ["PUT", "日本"] },
        ["message of retried lines"] = _ => Everything with { Filters = [FieldFilter.Contains("message", "retried")] },
        ["raw has words"] = _ => Everything with { Filters = [FieldFilter.Contains("_raw", "hôst PUT")] },
    };

    private static Dictionary<string, AggregateQuery> AggregateQueries() => new()
    {
        ["count by message"] = new(Everything, [new FieldGroupKey("message")], [AggregateSpec.Count()]),
        ["count by message where it matches"] = new(
            Everything with { Filters = [FieldFilter.MatchesRegex("message", "method=(PUT|POST) path=\"/login")] },
            [new FieldGroupKey("message"), new FieldGroupKey("dyno")],
            [AggregateSpec.Count(), new AggregateSpec(AggregateKind.Max, "status")]),
        ["distinct messages by dyno"] = new(Everything, [new FieldGroupKey("dyno")], [new AggregateSpec(AggregateKind.CountDistinct, "message")]),
        ["approximate distinct messages"] = new(Everything, [], [new AggregateSpec(AggregateKind.ApproxCountDistinct, "message")]),
        ["count by dyno where message has a word"] = new(Everything with { Filters = [FieldFilter.Contains("message", "404")] }, [new FieldGroupKey("dyno")], [AggregateSpec.Count()]),
    };

    /// <summary>The projected scan's rows: each field's value and hash, in a stable order.</summary>
    private static List<string> Projected(EventStore store, ScanQuery query)
    {
        string[] fields = ["message", "_raw", "dyno"];
        var rows = new List<string>();
        foreach (var part in store.ScanColumns(query, fields))
        {
            foreach (var block in part)
            {
                for (int s = 0; s < block.Count; s++)
                {
                    int row = block.Selection[s];
                    rows.Add(block.TimeUs[row] + " " + string.Join(" | ", block.Fields.Select(f => f.IsPresent(row) ? $"{f.Value(row)} #{f.HashAt(row):x}" : "-")));
                }
            }
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static Dictionary<string, IEnumerable<string>> Rows(AggregateResult result) =>
        result.Rows.ToDictionary(r => NaiveAggregation.KeyText(r.Keys), r => r.Values.Select(NaiveAggregation.Exact));
}
