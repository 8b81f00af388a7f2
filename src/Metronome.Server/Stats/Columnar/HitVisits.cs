using Metronome.Ingest.Web;

namespace Metronome.Server.Stats.Columnar;

/// <summary>
/// The visits of a <see cref="HitTable"/>, cut as <see cref="Sessionizer"/> cuts them: a new visit with a
/// new visitor or after a gap of the timeout or more. Visits are contiguous runs of hits. Per visit: the
/// hit whose fields are the visit's (its first pageview, else its first event), its pageviews, duration,
/// entry page (the first pageview's page that is set) and exit page (the last pageview's), as page ids.
/// </summary>
public sealed class HitVisits
{
    private HitVisits(int count, int[] visitOf, int[] attributeHit, int[] pageviews, long[] durationUs, int[] entryPage, int[] exitPage)
    {
        Count = count;
        VisitOf = visitOf;
        AttributeHit = attributeHit;
        Pageviews = pageviews;
        DurationUs = durationUs;
        EntryPage = entryPage;
        ExitPage = exitPage;
    }

    public int Count { get; }

    /// <summary>Per hit, its visit.</summary>
    public int[] VisitOf { get; }

    public int[] AttributeHit { get; }

    public int[] Pageviews { get; }

    public long[] DurationUs { get; }

    /// <summary>Page ids (0: the visit has no pageview with a page).</summary>
    public int[] EntryPage { get; }

    public int[] ExitPage { get; }

    /// <param name="pageIds">The page id per hit, or null when pages were not loaded (entry and exit pages stay 0).</param>
    public static HitVisits Cut(HitTable hits, int[]? pageIds)
    {
        long timeoutUs = Sessionizer.DefaultTimeout.Ticks / TimeSpan.TicksPerMicrosecond;
        int n = hits.Count;
        var visitors = hits.Visitors;
        var times = hits.TimeUs;
        var pageviews = hits.IsPageview;
        var visitOf = new int[n];
        int visits = 0;
        for (int i = 0; i < n; i++)
        {
            if (i == 0 || visitors[i] != visitors[i - 1] || times[i] - times[i - 1] >= timeoutUs)
            {
                visits++;
            }

            visitOf[i] = visits - 1;
        }

        var attribute = new int[visits];
        var views = new int[visits];
        var duration = new long[visits];
        var entry = new int[visits];
        var exit = new int[visits];
        int start = 0;
        for (int v = 0; v < visits; v++)
        {
            int end = start;
            while (end < n && visitOf[end] == v)
            {
                end++;
            }

            attribute[v] = start;
            bool sawPageview = false;
            for (int i = start; i < end; i++)
            {
                if (!pageviews[i])
                {
                    continue;
                }

                if (!sawPageview)
                {
                    attribute[v] = i;
                    sawPageview = true;
                }

                views[v]++;
                int page = pageIds?[i] ?? 0;
                if (entry[v] == 0)
                {
                    entry[v] = page;
                }

                exit[v] = page;
            }

            duration[v] = times[end - 1] - times[start];
            start = end;
        }

        return new HitVisits(visits, visitOf, attribute, views, duration, entry, exit);
    }
}
