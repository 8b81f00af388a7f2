namespace Metronome.Ingest.Web;

/// <summary>Where a visit came from. <see cref="Host"/> and <see cref="Path"/> are null for direct
/// traffic and for navigation within the same site.</summary>
public sealed record ReferrerInfo(string? Host, string? Path, string Source)
{
    public const string DirectSource = "Direct / None";

    public static readonly ReferrerInfo Direct = new(null, null, DirectSource);
}
