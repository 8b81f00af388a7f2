namespace Metronome.Ingest.Web;

/// <summary>One event of a visitor, as the sessionizer needs it: who, when, which page, and whether it
/// is a pageview (custom events extend a session but are not pages).</summary>
public readonly record struct SessionHit(long Visitor, long TimeUs, string? Page, bool IsPageview);
