using System.Globalization;
using Metronome.Bench.Harness;

namespace Metronome.Bench.Reporting;

/// <summary>One line of the results table: a metric's figure per target and, when both ClickHouse and
/// Metronome ran, the ratio Metronome/ClickHouse against the goal.</summary>
public sealed record MetricRow(string Metric, IReadOnlyList<string> Values, string? Ratio, string? Goal, bool? Met);

/// <summary>Turns the target reports into table rows and result agreement verdicts.</summary>
public sealed class Comparison
{
    public const string Baseline = "clickhouse";
    public const string Candidate = "metronome";
    private const double GiB = 1024.0 * 1024 * 1024;

    public Comparison(IReadOnlyList<TargetReport> reports, IReadOnlyList<BenchQuery> queries)
    {
        Reports = reports;
        Queries = queries;
        TargetReport? baseline = Find(Baseline), candidate = Find(Candidate);

        var rows = new List<MetricRow>
        {
            Row("ingest (events/s)", r => r.Load?.EventsPerSecond, v => v.ToString("N0", CultureInfo.InvariantCulture), ratio => ratio >= 1, "≥ 1"),
            Row("load wall time (s)", r => r.Load?.Elapsed.TotalSeconds, v => v.ToString("F1", CultureInfo.InvariantCulture), null, null),
            Row("compaction (s)", r => r.Compaction.TotalSeconds, v => v.ToString("F1", CultureInfo.InvariantCulture), null, null),
            Row("bytes on disk (MB)", r => r.BytesOnDisk / 1e6, v => v.ToString("N1", CultureInfo.InvariantCulture), ratio => ratio <= 1, "≤ 1"),
            Row("peak RSS during load (MiB)", r => r.PeakRssBytes > 0 ? r.PeakRssBytes / (1024.0 * 1024) : null,
                v => v.ToString("N0", CultureInfo.InvariantCulture), _ => candidate is not null && candidate.PeakRssBytes < 2 * GiB, "Metronome < 2 GiB"),
        };
        foreach (BenchQuery q in queries)
        {
            rows.Add(Row($"{q.Id} {q.Title} (median ms)",
                r => r.Queries.TryGetValue(q.Id, out var t) ? t.Median.TotalMilliseconds : null,
                v => v.ToString(v < 10 ? "F2" : "F1", CultureInfo.InvariantCulture),
                ratio => ratio <= q.TargetRatio, q.TargetRatio < 1 ? "≤ 0.5" : "≤ 1"));
        }
        Rows = rows;

        var agreement = new Dictionary<(string Target, string Query), string?>();
        TargetReport? reference = baseline ?? reports.FirstOrDefault();
        if (reference is not null)
        {
            foreach (TargetReport other in reports.Where(r => r != reference))
            {
                foreach (BenchQuery q in queries)
                {
                    if (reference.Queries.TryGetValue(q.Id, out var expected) && other.Queries.TryGetValue(q.Id, out var actual))
                        agreement[(other.Name, q.Id)] = ResultComparer.FirstDifference(q, expected.Result, actual.Result);
                }
            }
        }
        Reference = reference;
        Agreement = agreement;

        MetricRow Row(string metric, Func<TargetReport, double?> value, Func<double, string> format, Func<double, bool>? meets, string? goal)
        {
            var values = reports.Select(r => value(r) is { } v ? format(v) : "-").ToArray();
            if (baseline is null || candidate is null || value(baseline) is not { } b || value(candidate) is not { } c || b == 0)
                return new MetricRow(metric, values, null, null, null);
            double ratio = c / b;
            return new MetricRow(metric, values, ratio.ToString("F2", CultureInfo.InvariantCulture), goal, meets?.Invoke(ratio));
        }
    }

    public IReadOnlyList<TargetReport> Reports { get; }
    public IReadOnlyList<BenchQuery> Queries { get; }
    public IReadOnlyList<MetricRow> Rows { get; }
    public bool HasRatio => Find(Baseline) is not null && Find(Candidate) is not null;

    /// <summary>The target others are compared with: ClickHouse when it ran.</summary>
    public TargetReport? Reference { get; }

    /// <summary>Per (target, query): null when its rows agree with <see cref="Reference"/>, else the first difference.</summary>
    public IReadOnlyDictionary<(string Target, string Query), string?> Agreement { get; }

    public bool AllAgree => Agreement.Values.All(d => d is null);

    private TargetReport? Find(string name) => Reports.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));
}
