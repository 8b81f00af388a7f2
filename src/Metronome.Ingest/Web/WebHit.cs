using System.Net;

namespace Metronome.Ingest.Web;

/// <summary>What the server knows about one tick before enrichment.</summary>
/// <param name="App">The app the write key belongs to.</param>
/// <param name="PageUrl">The tick's <c>url</c> member.</param>
/// <param name="Referrer">The tick's <c>referrer</c> member, else the Referer header.</param>
/// <param name="UserAgent">The User-Agent header.</param>
/// <param name="Ip">The client address (after trusted proxies); hashed into the visitor id, never stored.</param>
/// <param name="CountryHeader">The trusted proxy's country header, when one is configured.</param>
public readonly record struct WebHit(
    string App,
    string? PageUrl,
    string? Referrer,
    string? UserAgent,
    IPAddress? Ip,
    string? CountryHeader = null);
