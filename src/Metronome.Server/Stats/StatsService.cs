using Metronome.Core.Time;
using Metronome.Ingest.Web;
using Metronome.Server.Stats.Execution;
using Metronome.Server.Stats.Funnels;
using Metronome.Server.Stats.Query;
using Metronome.Storage;
using Metronome.Storage.Aggregation;
using Metronome.Storage.Scanning;

namespace Metronome.Server.Stats;

/// <summary>The stats API's entry point for the HTTP layer: queries, funnels and realtime visitors.</summary>
public sealed class StatsService(IEventStore store, TimeProvider clock)
{
    public static readonly TimeSpan RealtimeWindow = TimeSpan.FromMinutes(5);

    public DateTimeOffset Now => clock.GetUtcNow();

    public StatsResult Query(StatsQuery query, string app, CancellationToken cancellationToken) =>
        new StatsExecutor(store).Execute(query, app, cancellationToken);

    public FunnelResult Funnel(FunnelQuery query, string app, CancellationToken cancellationToken) =>
        new FunnelExecutor(store).Execute(query, app, cancellationToken);

    /// <summary>Distinct visitors (bots left out) with an event in the last five minutes.</summary>
    public long RealtimeVisitors(string app, CancellationToken cancellationToken)
    {
        long now = UnixTime.NowMicroseconds(clock);
        var scan = new ScanQuery
        {
            App = app,
            FromUs = now - (long)RealtimeWindow.TotalMicroseconds,
            ToUs = now + 1,
            Filters = [FieldFilter.Present(WebFields.Visitor), new FieldFilter(WebFields.Bot, FilterOp.Missing, [])],
        };
        var result = store.Aggregate(new AggregateQuery(scan, [], [new AggregateSpec(AggregateKind.CountDistinct, WebFields.Visitor)]), cancellationToken);
        return result.Rows.Count == 0 ? 0 : result.Rows[0].Values[0].AsLong;
    }
}
