namespace Metronome.Ingest.Web;

/// <summary>The enrichment that depends only on who sent a request: its parsed user agent, the daily
/// visitor id (hashed from app, address and user agent) and the country. Every tick of one request shares
/// it, so it is worked out once per request, not once per tick.</summary>
public sealed record WebClient(UserAgentInfo Agent, long Visitor, string? Country);
