using Metronome.Ingest.Web;

namespace Metronome.Server.Stats.Query;

public enum DimensionKind
{
    /// <summary>A field of the event itself (<c>event:page</c>, <c>event:props:plan</c>, ...).</summary>
    Event,

    /// <summary>A field of the visit's first pageview (<c>visit:source</c>, <c>visit:browser</c>, ...).</summary>
    Visit,

    EntryPage,
    ExitPage,

    /// <summary>A goal: an event name, or <c>Visit /path</c> for pageviews of a page.</summary>
    Goal,

    Time,
}

public enum TimeBucket
{
    Hour,
    Day,
    Week,
    Month,
}

/// <summary>A dimension or filter target: its name as sent, what it reads and, for fields, which one.</summary>
public sealed record Dimension(string Name, DimensionKind Kind, string? Field = null, TimeBucket Bucket = TimeBucket.Day)
{
    public const string PropsPrefix = "event:props:";

    /// <summary>The value of an absent field, as Plausible shows it.</summary>
    public string Missing => Kind == DimensionKind.Event && Name.StartsWith(PropsPrefix, StringComparison.Ordinal) ? "(none)" : "(not set)";

    public bool IsTime => Kind == DimensionKind.Time;

    public static Dimension? Parse(string name)
    {
        if (name.StartsWith(PropsPrefix, StringComparison.Ordinal))
        {
            return name.Length > PropsPrefix.Length ? new Dimension(name, DimensionKind.Event, name[PropsPrefix.Length..]) : null;
        }

        return name switch
        {
            "event:page" => new(name, DimensionKind.Event, WebFields.Page),
            "event:name" => new(name, DimensionKind.Event, Core.Events.FieldNames.Name),
            "event:hostname" => new(name, DimensionKind.Event, WebFields.Hostname),
            "event:goal" => new(name, DimensionKind.Goal),
            "visit:entry_page" => new(name, DimensionKind.EntryPage),
            "visit:exit_page" => new(name, DimensionKind.ExitPage),
            "visit:source" => new(name, DimensionKind.Visit, WebFields.Source),
            "visit:referrer" => new(name, DimensionKind.Visit, WebFields.ReferrerHost),
            "visit:utm_source" => new(name, DimensionKind.Visit, WebFields.UtmSource),
            "visit:utm_medium" => new(name, DimensionKind.Visit, WebFields.UtmMedium),
            "visit:utm_campaign" => new(name, DimensionKind.Visit, WebFields.UtmCampaign),
            "visit:utm_term" => new(name, DimensionKind.Visit, WebFields.UtmTerm),
            "visit:utm_content" => new(name, DimensionKind.Visit, WebFields.UtmContent),
            "visit:browser" => new(name, DimensionKind.Visit, WebFields.Browser),
            "visit:browser_version" => new(name, DimensionKind.Visit, WebFields.BrowserVersion),
            "visit:os" => new(name, DimensionKind.Visit, WebFields.Os),
            "visit:os_version" => new(name, DimensionKind.Visit, WebFields.OsVersion),
            "visit:device" => new(name, DimensionKind.Visit, WebFields.Device),
            "visit:country" => new(name, DimensionKind.Visit, WebFields.Country),
            "visit:hostname" => new(name, DimensionKind.Visit, WebFields.Hostname),
            "time:hour" => new(name, DimensionKind.Time, Bucket: TimeBucket.Hour),
            "time:day" => new(name, DimensionKind.Time, Bucket: TimeBucket.Day),
            "time:week" => new(name, DimensionKind.Time, Bucket: TimeBucket.Week),
            "time:month" => new(name, DimensionKind.Time, Bucket: TimeBucket.Month),
            _ => null,
        };
    }
}
