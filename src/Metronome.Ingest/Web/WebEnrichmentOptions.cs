namespace Metronome.Ingest.Web;

public sealed record WebEnrichmentOptions
{
    /// <summary>Keep the query string in <c>page</c> (<c>/search?q=x</c>); by default it is dropped so
    /// that one page is one row.</summary>
    public bool KeepQueryString { get; init; }

    /// <summary>How many distinct page URLs to keep parsed; most sites have far fewer pages than this.</summary>
    public int PageCacheCapacity { get; init; } = 10_000;
}
