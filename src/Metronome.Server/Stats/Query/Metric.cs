namespace Metronome.Server.Stats.Query;

public enum MetricKind
{
    Visitors,
    Visits,
    Pageviews,
    ViewsPerVisit,
    BounceRate,
    VisitDuration,
    Events,
    ConversionRate,
    Percentage,
    TotalRevenue,
    AverageRevenue,

    /// <summary>Metronome's extension: <c>sum:PROPERTY</c>, the sum of a numeric property.</summary>
    Sum,

    /// <summary>Metronome's extension: <c>average:PROPERTY</c>, the mean of a numeric property.</summary>
    Average,
}

/// <summary>A metric as requested: its kind, its name as sent, and the property for sums and averages.</summary>
public sealed record Metric(MetricKind Kind, string Name, string? Property = null)
{
    /// <summary>Needs sessions (visits), not just events.</summary>
    public bool IsSessionMetric => Kind is MetricKind.Visits or MetricKind.ViewsPerVisit or MetricKind.BounceRate or MetricKind.VisitDuration;

    /// <summary>Plausible refuses these with event dimensions: a page has no bounce rate of its own.</summary>
    public bool IsVisitOnly => Kind is MetricKind.ViewsPerVisit or MetricKind.BounceRate or MetricKind.VisitDuration;

    public static Metric? Parse(string name)
    {
        var kind = name switch
        {
            "visitors" => MetricKind.Visitors,
            "visits" => MetricKind.Visits,
            "pageviews" => MetricKind.Pageviews,
            "views_per_visit" => MetricKind.ViewsPerVisit,
            "bounce_rate" => MetricKind.BounceRate,
            "visit_duration" => MetricKind.VisitDuration,
            "events" => MetricKind.Events,
            "conversion_rate" => MetricKind.ConversionRate,
            "percentage" => MetricKind.Percentage,
            "total_revenue" => MetricKind.TotalRevenue,
            "average_revenue" => MetricKind.AverageRevenue,
            _ => (MetricKind?)null,
        };
        if (kind is { } known)
        {
            return new Metric(known, name, known is MetricKind.TotalRevenue or MetricKind.AverageRevenue ? Ingest.Web.WebFields.Revenue : null);
        }

        foreach (var (prefix, extension) in new[] { ("sum:", MetricKind.Sum), ("average:", MetricKind.Average) })
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length)
            {
                string property = name[prefix.Length..];
                property = property.StartsWith(Dimension.PropsPrefix, StringComparison.Ordinal) ? property[Dimension.PropsPrefix.Length..] : property;
                return property.Length == 0 ? null : new Metric(extension, name, property);
            }
        }

        return null;
    }
}
