namespace Metronome.Ingest.Web;

/// <summary>A visit: a visitor's events with no gap of the session timeout (30 minutes) or more.</summary>
/// <param name="EntryPage">The first pageview's page; null when the session has no pageview.</param>
/// <param name="ExitPage">The last pageview's page; null when the session has no pageview.</param>
/// <param name="Events">All events, pageviews included.</param>
public sealed record Session(
    long Visitor,
    long StartUs,
    long EndUs,
    string? EntryPage,
    string? ExitPage,
    int Pageviews,
    int Events)
{
    /// <summary>From the first to the last event: a single-event visit lasts zero.</summary>
    public long DurationUs => EndUs - StartUs;

    /// <summary>A visit that saw exactly one page.</summary>
    public bool IsBounce => Pageviews == 1;
}
