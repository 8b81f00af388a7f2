using System.Text.Json;
using Metronome.Server.Stats.Query;

namespace Metronome.Server.Stats.Funnels;

/// <summary>A step: a pageview of a page (<c>*</c> matches any run of characters) or an event by name.</summary>
public sealed record FunnelStep(string? Page, string? Event)
{
    public string Label => Page is not null ? StatsNamesFor.Visit(Page) : Event!;
}

/// <summary><c>POST /api/v2/funnel</c>: ordered steps within a visit, over a period, with filters.</summary>
public sealed record FunnelQuery(string SiteId, StatsPeriod Period, StatsFilter? Filter, IReadOnlyList<FunnelStep> Steps)
{
    public const int MinSteps = 2;
    public const int MaxSteps = 16;

    public static FunnelQuery Parse(JsonElement root, DateTimeOffset now)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new StatsQueryException("body", "The funnel must be a JSON object");
        }

        string siteId = StatsQueryParser.RequiredString(root, "site_id");
        var zone = StatsQueryParser.ParseZone(root);
        var period = root.TryGetProperty("date_range", out var range)
            ? DateRangeParser.Parse(range, zone, now)
            : throw new StatsQueryException("date_range", "Invalid funnel: date_range is required");
        var filter = root.TryGetProperty("filters", out var filters) ? StatsFilterParser.ParseTopLevel(filters) : null;
        if (!root.TryGetProperty("steps", out var list) || list.ValueKind != JsonValueKind.Array
            || list.GetArrayLength() < MinSteps || list.GetArrayLength() > MaxSteps)
        {
            throw new StatsQueryException("steps", $"Invalid funnel: steps must be a list of {MinSteps} to {MaxSteps} steps");
        }

        var steps = new List<FunnelStep>();
        int index = 0;
        foreach (var item in list.EnumerateArray())
        {
            steps.Add(ParseStep(item, index++));
        }

        return new FunnelQuery(siteId, period, filter, steps);
    }

    private static FunnelStep ParseStep(JsonElement item, int index)
    {
        string? page = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("page", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        string? name = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("event", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        if ((page is null) == (name is null) || (page ?? name)!.Length == 0)
        {
            throw new StatsQueryException($"steps[{index}]", $"#/steps/{index}: a step is {{\"page\": \"/path\"}} or {{\"event\": \"name\"}}");
        }

        return new FunnelStep(page, name);
    }
}

internal static class StatsNamesFor
{
    public static string Visit(string page) => Execution.StatsNames.VisitGoalPrefix + page;
}
