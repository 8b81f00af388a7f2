using Metronome.Core.Events;
using Metronome.Core.Time;
using Metronome.Ingest.Web;
using Metronome.Server.Stats.Execution;
using Metronome.Server.Stats.Query;

namespace Metronome.Server.Stats.Columnar;

/// <summary>
/// The text a dimension shows for each hit of a <see cref="HitTable"/>, as label ids into
/// <see cref="Labels"/> (equal texts share an id): exactly what <see cref="DimensionReader"/> reads from
/// the events, but computed once per distinct value, per visit or per 15-minute slot instead of per hit.
/// </summary>
public sealed class DimensionLabels
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

    private DimensionLabels(HitTable hits)
    {
        OfHit = new int[hits.Count];
    }

    /// <summary>The label id of each hit.</summary>
    public int[] OfHit { get; }

    public List<string> Labels { get; } = [];

    /// <summary>The fields a dimension reads from the store.</summary>
    public static IEnumerable<string> FieldsOf(Dimension dimension) => dimension.Kind switch
    {
        DimensionKind.Event => [dimension.Field!],
        DimensionKind.Visit when dimension.Field == WebFields.ReferrerHost => [WebFields.ReferrerHost, WebFields.ReferrerPath],
        DimensionKind.Visit => [dimension.Field!],
        DimensionKind.EntryPage or DimensionKind.ExitPage => [WebFields.Page],
        DimensionKind.Goal => [WebFields.Page, FieldNames.Name],
        _ => [],
    };

    /// <summary>Whether reading the dimension needs the visits cut.</summary>
    public static bool NeedsVisits(Dimension dimension) => dimension.Kind is DimensionKind.Visit or DimensionKind.EntryPage or DimensionKind.ExitPage;

    public static DimensionLabels For(Dimension dimension, HitTable hits, TimeLabelers labelers)
    {
        var labels = new DimensionLabels(hits);
        switch (dimension.Kind)
        {
            case DimensionKind.Event:
                labels.FromValues(hits.Ids(dimension.Field!), ValueLabels(labels, hits.Interner(dimension.Field!), dimension.Missing));
                break;
            case DimensionKind.Visit when dimension.Field == WebFields.ReferrerHost:
                labels.PerVisit(hits, labels.ReferrerLabels(hits));
                break;
            case DimensionKind.Visit:
                var values = ValueLabels(labels, hits.Interner(dimension.Field!), DimensionReader.MissingLabel(dimension));
                var ids = hits.Ids(dimension.Field!);
                labels.PerVisit(hits, [.. hits.Visits!.AttributeHit.Select(hit => values[ids[hit]])]);
                break;
            case DimensionKind.EntryPage or DimensionKind.ExitPage:
                var pages = ValueLabels(labels, hits.Interner(WebFields.Page), dimension.Missing);
                var visitPages = dimension.Kind == DimensionKind.EntryPage ? hits.Visits!.EntryPage : hits.Visits!.ExitPage;
                labels.PerVisit(hits, [.. visitPages.Select(page => pages[page])]);
                break;
            case DimensionKind.Goal:
                labels.Goals(hits);
                break;
            case DimensionKind.Time:
                labels.Times(hits, labelers.For(dimension.Bucket));
                break;
        }

        return labels;
    }

    public int IdOf(string label)
    {
        if (!_ids.TryGetValue(label, out int id))
        {
            id = Labels.Count;
            _ids[label] = id;
            Labels.Add(label);
        }

        return id;
    }

    /// <summary>The goal of each hit: <c>Visit PAGE</c> for pageviews (<c>/</c> without a page), else the name.</summary>
    public static string GoalOf(bool isPageview, FieldValue page, FieldValue name) =>
        isPageview ? StatsNames.VisitGoalPrefix + (page.IsNull ? "/" : page.ToString()) : name.ToString();

    /// <summary>The label id of each value id of a field (the absent id 0 shows <paramref name="missing"/>).</summary>
    private static int[] ValueLabels(DimensionLabels labels, ValueInterner interner, string missing)
    {
        var map = new int[interner.Count];
        map[0] = labels.IdOf(missing);
        for (int id = 1; id < map.Length; id++)
        {
            map[id] = labels.IdOf(interner.ValueOf(id).ToString());
        }

        return map;
    }

    private void FromValues(int[] ids, int[] labelOfValue)
    {
        for (int i = 0; i < ids.Length; i++)
        {
            OfHit[i] = labelOfValue[ids[i]];
        }
    }

    private void PerVisit(HitTable hits, int[] labelOfVisit)
    {
        var visitOf = hits.Visits!.VisitOf;
        for (int i = 0; i < OfHit.Length; i++)
        {
            OfHit[i] = labelOfVisit[visitOf[i]];
        }
    }

    /// <summary>visit:referrer: host and path of each visit's first pageview.</summary>
    private int[] ReferrerLabels(HitTable hits)
    {
        var hosts = hits.Ids(WebFields.ReferrerHost);
        var paths = hits.Ids(WebFields.ReferrerPath);
        var hostValues = hits.Interner(WebFields.ReferrerHost);
        var pathValues = hits.Interner(WebFields.ReferrerPath);
        var byPair = new Dictionary<(int, int), int>();
        var attributes = hits.Visits!.AttributeHit;
        var result = new int[attributes.Length];
        for (int v = 0; v < attributes.Length; v++)
        {
            var pair = (hosts[attributes[v]], paths[attributes[v]]);
            if (!byPair.TryGetValue(pair, out int id))
            {
                var (host, path) = (hostValues.ValueOf(pair.Item1), pathValues.ValueOf(pair.Item2));
                id = byPair[pair] = IdOf(DimensionReader.ReferrerLabel(host.IsNull ? null : host.ToString(), path.IsNull ? null : path.ToString()));
            }

            result[v] = id;
        }

        return result;
    }

    private void Goals(HitTable hits)
    {
        var pages = hits.Ids(WebFields.Page);
        var pageValues = hits.Interner(WebFields.Page);
        var nameValues = hits.Interner(FieldNames.Name);
        var pageGoals = new int[pageValues.Count];
        var nameGoals = new int[nameValues.Count];
        Array.Fill(pageGoals, -1);
        Array.Fill(nameGoals, -1);
        for (int i = 0; i < OfHit.Length; i++)
        {
            if (hits.IsPageview[i])
            {
                int page = pages[i];
                OfHit[i] = pageGoals[page] >= 0 ? pageGoals[page] : pageGoals[page] = IdOf(GoalOf(true, pageValues.ValueOf(page), default));
            }
            else
            {
                int name = hits.NameIds[i];
                OfHit[i] = nameGoals[name] >= 0 ? nameGoals[name] : nameGoals[name] = IdOf(GoalOf(false, default, nameValues.ValueOf(name)));
            }
        }
    }

    /// <summary>Labels are constant within a 15-minute slot (<see cref="TimeLabeler"/>): one lookup per slot.</summary>
    private void Times(HitTable hits, TimeLabeler labeler)
    {
        const long slotUs = 15 * 60 * UnixTime.MicrosecondsPerSecond;
        var times = hits.TimeUs;
        if (times.Length == 0)
        {
            return;
        }

        long first = long.MaxValue, last = long.MinValue;
        foreach (long t in times)
        {
            first = Math.Min(first, t);
            last = Math.Max(last, t);
        }

        long firstSlot = UnixTime.FloorDiv(first, slotUs);
        long slots = ((last - (firstSlot * slotUs)) / slotUs) + 1;
        var bySlot = slots <= 1 << 22 ? new int[slots] : null;
        var bySlotFallback = bySlot is null ? new Dictionary<long, int>() : null;
        if (bySlot is not null)
        {
            Array.Fill(bySlot, -1);
        }

        for (int i = 0; i < times.Length; i++)
        {
            long slot = (times[i] - (firstSlot * slotUs)) / slotUs;
            if (bySlot is not null)
            {
                int id = bySlot[slot];
                OfHit[i] = id >= 0 ? id : bySlot[slot] = IdOf(labeler.Label(times[i]));
            }
            else if (!bySlotFallback!.TryGetValue(slot, out OfHit[i]))
            {
                OfHit[i] = bySlotFallback[slot] = IdOf(labeler.Label(times[i]));
            }
        }
    }
}
