namespace Metronome.Bench.Harness;

/// <summary>The queries of issue 3. Every query is scoped to one app and to the workload's 30 days.</summary>
public static class BenchQueries
{
    public static readonly BenchQuery Q1 = new("Q1", "count by day",
        "Events of {app} per UTC day. Columns: day, events. Order: day.");

    public static readonly BenchQuery Q2 = new("Q2", "top 10 paths by pageviews",
        "Events of {app} with name=view, counted per path; the 10 largest. Columns: path, views. Order: views desc, path.");

    public static readonly BenchQuery Q3 = new("Q3", "unique visitors per day (exact)",
        "Distinct visitor values among {app}'s web events (_sourcecategory=web) per UTC day. Columns: day, visitors. Order: day.");

    public static readonly BenchQuery Q3a = new("Q3a", "unique visitors per day (approximate)",
        "As Q3 with an approximate distinct count (HyperLogLog or similar). Columns: day, visitors_approx. Order: day.",
        RelativeTolerance: 0.05);

    public static readonly BenchQuery Q4 = new("Q4", "p50/p95/p99 service_ms by dyno per hour",
        "Router events (name=router) of {app}, grouped by UTC hour (yyyy-MM-dd HH:00:00) and dyno; exact quantiles: the value at "
        + "0-based index floor(l*n) of the sorted service_ms values. Columns: hour, dyno, p50, p95, p99. Order: hour, dyno.");

    public static readonly BenchQuery Q5 = new("Q5", "5xx by status per 5 minutes over one day",
        "Router events of {app} on {day} (UTC) with 500 <= status < 600, counted per 5-minute bucket and status. "
        + "Columns: bucket, status, events. Order: bucket, status.");

    public static readonly BenchQuery Q6 = new("Q6", "one item: views/day, downloads by format, top referrers",
        "Three tables for {app} and id={item}: (1) name=view per UTC day: day, views, order day; (2) name=download per format: "
        + "format, downloads, order downloads desc, format; (3) events with a referrer, per referrer, top 10: referrer, events, "
        + "order events desc, referrer.");

    public static readonly BenchQuery Q7 = new("Q7", "count of events whose path contains a word",
        "Events of {app} whose path contains {word} as a whole token, case-insensitive (tokens are maximal runs of ASCII "
        + "letters and digits). Columns: events.");

    public static readonly IReadOnlyList<BenchQuery> All = [Q1, Q2, Q3, Q3a, Q4, Q5, Q6, Q7];
}
