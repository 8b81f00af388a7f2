using Metronome.Core.Events;
using Metronome.Ingest.Web;
using Metronome.Storage;
using Metronome.Storage.Scanning;

namespace Metronome.Server.Stats.Execution;

/// <summary>
/// The web events of one app and period, sorted by (visitor, time) and cut into visits by
/// <see cref="Sessionizer"/> (30 minutes of inactivity). Only events with a visitor id count: log lines
/// and metrics have none. Bots are left out here, and only here: the store keeps and counts them.
/// </summary>
public sealed class StatsDataset
{
    /// <summary>The events the stats API counts: web events (with a visitor id) that are not bots.</summary>
    public static readonly IReadOnlyList<FieldFilter> WebEventsWithoutBots =
    [
        FieldFilter.Present(WebFields.Visitor),
        new FieldFilter(WebFields.Bot, FilterOp.Missing, []),
    ];

    private StatsDataset(StatsHit[] hits, Session[] sessions, int[] sessionAttributes)
    {
        Hits = hits;
        Sessions = sessions;
        SessionAttributes = sessionAttributes;
    }

    /// <summary>Sorted by (visitor, time).</summary>
    public StatsHit[] Hits { get; }

    public Session[] Sessions { get; }

    /// <summary>Per visit, the index of the hit whose fields are the visit's (its first pageview, else
    /// its first event), as Plausible takes visit dimensions from the first pageview.</summary>
    public int[] SessionAttributes { get; }

    public Event AttributesOf(int session) => Hits[SessionAttributes[session]].Event;

    public static StatsDataset Load(IEventStore store, string app, long fromUs, long toUs, CancellationToken cancellationToken)
    {
        var scan = new ScanQuery { App = app, FromUs = fromUs, ToUs = toUs, Filters = WebEventsWithoutBots };
        var hits = new List<StatsHit>();
        foreach (var e in store.Scan(scan, cancellationToken))
        {
            hits.Add(new StatsHit(VisitorOf(e.Get(WebFields.Visitor)), e.TimeUs, IsPageview(e), e, -1));
        }

        var sorted = hits.ToArray();
        Array.Sort(sorted, HitOrder.Instance);
        return Sessionize(sorted);
    }

    public static bool IsPageview(Event e) => e.Name == StatsNames.Pageview;

    private static StatsDataset Sessionize(StatsHit[] hits)
    {
        var sessionizer = new Sessionizer();
        var sessions = new List<Session>();
        var attributes = new List<int>();
        for (int i = 0; i < hits.Length; i++)
        {
            var hit = hits[i];
            var page = hit.IsPageview ? TextOf(hit.Event, WebFields.Page) : null;
            var closed = sessionizer.Add(new SessionHit(hit.Visitor, hit.TimeUs, page, hit.IsPageview));
            if (closed is not null)
            {
                sessions.Add(closed);
            }

            bool starts = closed is not null || i == 0;
            if (starts)
            {
                attributes.Add(i);
            }
            else if (hit.IsPageview && !hits[attributes[^1]].IsPageview)
            {
                attributes[^1] = i; // the first pageview wins over earlier custom events
            }

            hits[i] = hit with { Session = attributes.Count - 1 };
        }

        if (sessionizer.Flush() is { } last)
        {
            sessions.Add(last);
        }

        return new StatsDataset(hits, [.. sessions], [.. attributes]);
    }

    public static string? TextOf(Event e, string field)
    {
        var value = e.Get(field);
        return value.IsNull ? null : value.ToString();
    }

    /// <summary>Enrichment writes 64-bit ids; imported data may carry text ids, hashed here (FNV-1a).</summary>
    private static long VisitorOf(FieldValue value)
    {
        if (value.Kind == FieldKind.Long)
        {
            return value.AsLong;
        }

        ulong hash = 14695981039346656037UL;
        foreach (char c in value.ToString())
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return (long)hash;
    }

    /// <summary>(visitor, time); at equal times pageviews first, so the entry page does not depend on
    /// the scan's order.</summary>
    private sealed class HitOrder : IComparer<StatsHit>
    {
        public static readonly HitOrder Instance = new();

        public int Compare(StatsHit x, StatsHit y)
        {
            int c = x.Visitor.CompareTo(y.Visitor);
            if (c != 0)
            {
                return c;
            }

            c = x.TimeUs.CompareTo(y.TimeUs);
            if (c != 0)
            {
                return c;
            }

            c = y.IsPageview.CompareTo(x.IsPageview);
            return c != 0 ? c : x.Event.ReceiptTimeUs.CompareTo(y.Event.ReceiptTimeUs);
        }
    }
}
