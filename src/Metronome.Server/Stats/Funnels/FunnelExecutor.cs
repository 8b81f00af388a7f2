using System.Text.RegularExpressions;
using Metronome.Ingest.Web;
using Metronome.Server.Stats.Columnar;
using Metronome.Server.Stats.Execution;
using Metronome.Storage;

namespace Metronome.Server.Stats.Funnels;

/// <summary>
/// Counts how far each visit gets through ordered steps: a visit reaches step n when steps 1..n happen
/// in that order within it (other events may come between). Visitors are counted once per step, however
/// many of their visits reach it. By default from the columnar hit table (<see cref="ColumnarFunnel"/>);
/// <see cref="StatsPath.Scan"/> walks materialized events instead, the reference it is tested against.
/// </summary>
public sealed class FunnelExecutor(IEventStore store, StatsPath path = StatsPath.Auto)
{
    public FunnelResult Execute(FunnelQuery query, string app, CancellationToken cancellationToken = default)
    {
        var (total, visitors, visits) = path == StatsPath.Scan
            ? ExecuteScan(query, app, cancellationToken)
            : ColumnarFunnel.Run(store, query, app, cancellationToken);
        return Result(query, total, visitors, visits);
    }

    /// <summary>Per step the visitors and visits that reached it, with conversion rates and drop-off.</summary>
    private static FunnelResult Result(FunnelQuery query, long totalVisitors, long[] visitors, long[] visits)
    {
        var steps = new List<FunnelStepResult>(visitors.Length);
        for (int s = 0; s < visitors.Length; s++)
        {
            long count = visitors[s];
            long first = visitors[0];
            long previous = s == 0 ? totalVisitors : visitors[s - 1];
            steps.Add(new FunnelStepResult(
                s + 1,
                query.Steps[s].Label,
                count,
                visits[s],
                Rate(count, first),
                Rate(count, previous),
                previous - count));
        }

        return new FunnelResult(query, totalVisitors, steps);
    }

    private (long Total, long[] Visitors, long[] Visits) ExecuteScan(FunnelQuery query, string app, CancellationToken cancellationToken)
    {
        var dataset = StatsDataset.Load(store, app, query.Period.FromUs, query.Period.ToUs, cancellationToken);
        var evaluator = new FilterEvaluator(new DimensionReader(dataset, query.Period.Zone));
        var matchers = query.Steps.Select(Matcher).ToArray();
        var visitors = matchers.Select(_ => new HashSet<long>()).ToArray();
        var visits = new long[matchers.Length];
        var allVisitors = new HashSet<long>();

        var hits = dataset.Hits;
        int session = -1;
        int reached = 0;
        for (int i = 0; i <= hits.Length; i++)
        {
            if (i == hits.Length || hits[i].Session != session)
            {
                for (int s = 0; s < reached; s++)
                {
                    visits[s]++;
                    visitors[s].Add(hits[i - 1].Visitor);
                }

                if (i == hits.Length)
                {
                    break;
                }

                session = hits[i].Session;
                reached = 0;
            }

            if (query.Filter is not null && !evaluator.Matches(query.Filter, i))
            {
                continue;
            }

            allVisitors.Add(hits[i].Visitor);
            if (reached < matchers.Length && matchers[reached](hits[i]))
            {
                reached++;
            }
        }

        return (allVisitors.Count, [.. visitors.Select(v => (long)v.Count)], visits);
    }

    private static double Rate(long part, long whole) => whole == 0 ? 0 : Math.Round(100.0 * part / whole, 2);

    private static Func<StatsHit, bool> Matcher(FunnelStep step)
    {
        if (step.Event is { } name)
        {
            return hit => hit.Event.Name == name;
        }

        string page = step.Page!;
        if (!page.Contains('*', StringComparison.Ordinal))
        {
            return hit => hit.IsPageview && StatsDataset.TextOf(hit.Event, WebFields.Page) == page;
        }

        var pattern = new Regex("^" + Regex.Escape(page).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant);
        return hit => hit.IsPageview && StatsDataset.TextOf(hit.Event, WebFields.Page) is { } p && pattern.IsMatch(p);
    }
}

/// <summary>Per step: visitors and visits that reached it, conversion from the first step and from the
/// step before (for step 1: from every visitor of the period), and how many the step lost.</summary>
public sealed record FunnelStepResult(int Step, string Label, long Visitors, long Visits, double ConversionRate, double ConversionRateStep, long Dropoff);

public sealed record FunnelResult(FunnelQuery Query, long TotalVisitors, IReadOnlyList<FunnelStepResult> Steps);
