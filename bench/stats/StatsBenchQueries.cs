using System.Globalization;
using System.Text.Json;
using Metronome.Server.Stats.Execution;
using Metronome.Server.Stats.Funnels;
using Metronome.Server.Stats.Query;
using Metronome.Storage;

namespace Metronome.StatsBench;

/// <summary>One question asked of both engines: the stats API request and the equivalent SQL file
/// (bench/stats/sql/), each answering rows of text cells in the same order.</summary>
public sealed record StatsBenchQuery(string Name, string Request, string SqlFile, bool IsFunnel = false);

/// <summary>The four questions of issue 6, and how Metronome's in-process stats service answers them.</summary>
public sealed class StatsBenchQueries(IEventStore store, string app, DateTimeOffset now)
{
    public const string Range = """ "date_range":["2026-10-01","2026-10-30"] """;

    public static readonly IReadOnlyList<StatsBenchQuery> All =
    [
        new("visitors per day", """ "metrics":["visitors"], "dimensions":["time:day"] """, "visitors-per-day.sql"),
        new("top pages", """ "metrics":["visitors","pageviews"], "dimensions":["event:page"], "order_by":[["visitors","desc"]], "pagination":{"limit":10,"offset":0} """, "top-pages.sql"),
        new("top sources", """ "metrics":["visitors"], "dimensions":["visit:source"], "order_by":[["visitors","desc"]], "pagination":{"limit":10,"offset":0} """, "top-sources.sql"),
        new("3-step funnel", """ "steps":[{"event":"view"},{"event":"register"},{"event":"pay"}] """, "funnel.sql", IsFunnel: true),
    ];

    /// <summary>The path the last stats query took (columnar, aggregate or scan).</summary>
    public string LastPath { get; private set; } = "";

    public StatsPeriod Period() => StatsQueryParser.Parse(Json("""  "metrics":["visitors"] """).RootElement, now).Period;

    public List<string[]> Run(StatsBenchQuery query)
    {
        using var json = Json(query.Request);
        if (query.IsFunnel)
        {
            LastPath = "columnar (funnel)";
            var funnel = new FunnelExecutor(store).Execute(FunnelQuery.Parse(json.RootElement, now), app);
            return [.. funnel.Steps.Select(s => new[] { Cell(s.Visitors), Cell(s.Visits) })];
        }

        var executor = new StatsExecutor(store);
        var result = executor.Execute(StatsQueryParser.Parse(json.RootElement, now), app);
        LastPath = executor.LastPath.ToString().ToLowerInvariant();
        return [.. result.Rows.Select(r => r.Dimensions.Concat(r.Metrics.Select(m => Convert.ToString(m, CultureInfo.InvariantCulture) ?? "")).ToArray())];
    }

    /// <summary>The funnel SQL answers one row of (visitors, visits) per step side by side; one row per step here.</summary>
    public static List<string[]> FunnelRows(List<string[]> sql) =>
        sql.Count == 1 ? [.. Enumerable.Range(0, sql[0].Length / 2).Select(i => new[] { sql[0][2 * i], sql[0][(2 * i) + 1] })] : sql;

    private JsonDocument Json(string members) => JsonDocument.Parse($$"""{"site_id":"{{app}}",{{Range}},{{members}}}""");

    private static string Cell(long value) => value.ToString(CultureInfo.InvariantCulture);
}
