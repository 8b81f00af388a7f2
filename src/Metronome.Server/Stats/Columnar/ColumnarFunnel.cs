using System.Text.RegularExpressions;
using Metronome.Core.Events;
using Metronome.Ingest.Web;
using Metronome.Server.Stats.Execution;
using Metronome.Server.Stats.Funnels;
using Metronome.Server.Stats.Query;
using Metronome.Storage;

namespace Metronome.Server.Stats.Columnar;

/// <summary>
/// A funnel over a <see cref="HitTable"/> with visits cut: each step is decided once per name or page
/// id, each visit walked once, and visitors counted per step by watching the visitor id change (a
/// visitor's visits are contiguous).
/// </summary>
public static class ColumnarFunnel
{
    public static (long Total, long[] Visitors, long[] Visits) Run(IEventStore store, FunnelQuery query, string app, CancellationToken cancellationToken)
    {
        var filterDimensions = HitFilter.DimensionsOf(query.Filter).ToList();
        var fields = filterDimensions.SelectMany(DimensionLabels.FieldsOf).ToList();
        if (query.Steps.Any(s => s.Page is not null))
        {
            fields.Add(WebFields.Page);
        }

        var hits = HitTableLoader.Load(store, app, query.Period.FromUs, query.Period.ToUs, fields, cutVisits: true, cancellationToken);
        var labelers = new TimeLabelers(query.Period.Zone);
        var cache = new Dictionary<string, DimensionLabels>(StringComparer.Ordinal);
        var mask = HitFilter.Mask(query.Filter, hits, d => cache.TryGetValue(d.Name, out var l) ? l : cache[d.Name] = DimensionLabels.For(d, hits, labelers));
        var steps = query.Steps.Select(step => Matcher(step, hits)).ToArray();

        var visitors = new long[steps.Length];
        var lastVisitor = Enumerable.Repeat(-1, steps.Length).ToArray();
        var visits = new long[steps.Length];
        var visitOf = hits.Visits!.VisitOf;
        int reached = 0;
        for (int i = 0; i <= hits.Count; i++)
        {
            if (i == hits.Count || (i > 0 && visitOf[i] != visitOf[i - 1]))
            {
                int visitor = hits.Visitors[i - 1];
                for (int s = 0; s < reached; s++)
                {
                    visits[s]++;
                    if (lastVisitor[s] != visitor)
                    {
                        visitors[s]++;
                        lastVisitor[s] = visitor;
                    }
                }

                reached = 0;
                if (i == hits.Count)
                {
                    break;
                }
            }

            if ((mask is null || mask[i]) && reached < steps.Length && steps[reached](i))
            {
                reached++;
            }
        }

        return (hits.DistinctVisitors(mask), visitors, visits);
    }

    /// <summary>Whether hit i is the step: an event by name, or a pageview of a page (<c>*</c> matches any run of characters).</summary>
    private static Func<int, bool> Matcher(FunnelStep step, HitTable hits)
    {
        if (step.Event is { } name)
        {
            var names = hits.Interner(FieldNames.Name);
            var isStep = Enumerable.Range(0, names.Count).Select(id => names.ValueOf(id) is { Kind: FieldKind.String } v && v.AsString == name).ToArray();
            var nameIds = hits.NameIds;
            return i => isStep[nameIds[i]];
        }

        string page = step.Page!;
        var pattern = page.Contains('*', StringComparison.Ordinal)
            ? new Regex("^" + Regex.Escape(page).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant)
            : null;
        var pages = hits.Interner(WebFields.Page);
        var isPage = Enumerable.Range(0, pages.Count)
            .Select(id => id != 0 && (pattern is null ? pages.ValueOf(id).ToString() == page : pattern.IsMatch(pages.ValueOf(id).ToString())))
            .ToArray();
        var pageIds = hits.Ids(WebFields.Page);
        return i => hits.IsPageview[i] && isPage[pageIds[i]];
    }
}
