namespace Metronome.Server.Stats.Execution;

/// <summary>Names the stats API gives meaning to.</summary>
public static class StatsNames
{
    /// <summary>Pageviews are <c>view</c> events (the tick API's default name).</summary>
    public const string Pageview = "view";

    /// <summary>Plausible's name for a pageview, accepted in filters on <c>event:name</c>.</summary>
    public const string PlausiblePageview = "pageview";

    /// <summary>Goals for pageviews of a page are named <c>Visit /path</c>, as in Plausible.</summary>
    public const string VisitGoalPrefix = "Visit ";

    public const string DirectNone = "Direct / None";
}
