using System.Text.Json;

namespace Metronome.Server.Stats.Query;

/// <summary>
/// Reads and validates a Stats API v2 request body. Every refusal is a <see cref="StatsQueryException"/>
/// whose message says what was wrong in Plausible's words where Plausible has some.
/// </summary>
public static class StatsQueryParser
{
    private static readonly HashSet<string> KnownMembers =
        ["site_id", "metrics", "date_range", "dimensions", "filters", "order_by", "include", "pagination", "timezone", "date"];

    public static StatsQuery Parse(JsonElement root, DateTimeOffset now)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new StatsQueryException("body", "The query must be a JSON object");
        }

        foreach (var member in root.EnumerateObject())
        {
            if (!KnownMembers.Contains(member.Name))
            {
                throw new StatsQueryException(member.Name, $"Invalid query: unknown member '{member.Name}'");
            }
        }

        string siteId = RequiredString(root, "site_id");
        var zone = ParseZone(root);
        var metrics = ParseMetrics(root);
        if (!root.TryGetProperty("date_range", out var range))
        {
            throw new StatsQueryException("date_range", "Invalid query: date_range is required");
        }

        var period = DateRangeParser.Parse(range, zone, now);
        var dimensions = ParseDimensions(root);
        StatsFilter? filter = null;
        JsonElement? filtersJson = null;
        if (root.TryGetProperty("filters", out var filters))
        {
            filter = StatsFilterParser.ParseTopLevel(filters);
            filtersJson = filters.Clone();
        }

        var include = ParseInclude(root, dimensions);
        var (limit, offset) = ParsePagination(root);
        var query = new StatsQuery
        {
            SiteId = siteId,
            Metrics = metrics,
            Period = period,
            Dimensions = dimensions,
            Filter = filter,
            FiltersJson = filtersJson,
            OrderBy = ParseOrderBy(root, metrics, dimensions),
            Include = include,
            Limit = limit,
            Offset = offset,
        };
        Validate(query);
        return query;
    }

    /// <summary>Plausible takes the zone from the site's settings; Metronome apps have none, so a query
    /// may name one (default UTC).</summary>
    public static TimeZoneInfo ParseZone(JsonElement root)
    {
        if (!root.TryGetProperty("timezone", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return TimeZoneInfo.Utc;
        }

        if (value.ValueKind != JsonValueKind.String || !TimeZoneInfo.TryFindSystemTimeZoneById(value.GetString()!, out var zone))
        {
            throw new StatsQueryException("timezone", $"Invalid timezone {value.GetRawText()}: expected an IANA zone such as \"Europe/Berlin\"");
        }

        return zone;
    }

    public static string RequiredString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String || value.GetString()!.Length == 0)
        {
            throw new StatsQueryException(name, $"Invalid query: {name} is required and must be a string");
        }

        return value.GetString()!;
    }

    private static List<Metric> ParseMetrics(JsonElement root)
    {
        if (!root.TryGetProperty("metrics", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            throw new StatsQueryException("metrics", "Invalid query: metrics must be a non-empty list");
        }

        var metrics = new List<Metric>();
        int index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var metric = item.ValueKind == JsonValueKind.String ? Metric.Parse(item.GetString()!) : null;
            if (metric is null)
            {
                throw new StatsQueryException($"metrics[{index}]", $"#/metrics/{index}: Invalid metric {item.GetRawText()}");
            }

            if (metrics.Any(m => m.Name == metric.Name))
            {
                throw new StatsQueryException($"metrics[{index}]", $"Metrics cannot be queried multiple times: {metric.Name}");
            }

            metrics.Add(metric);
            index++;
        }

        return metrics;
    }

    private static List<Dimension> ParseDimensions(JsonElement root)
    {
        var dimensions = new List<Dimension>();
        if (!root.TryGetProperty("dimensions", out var list))
        {
            return dimensions;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw new StatsQueryException("dimensions", "Invalid query: dimensions must be a list");
        }

        int index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var dimension = item.ValueKind == JsonValueKind.String ? Dimension.Parse(item.GetString()!) : null;
            if (dimension is null)
            {
                throw new StatsQueryException($"dimensions[{index}]", $"#/dimensions/{index}: Invalid dimension {item.GetRawText()}");
            }

            if (dimensions.Any(d => d.Name == dimension.Name))
            {
                throw new StatsQueryException($"dimensions[{index}]", $"Some dimensions are listed multiple times: {dimension.Name}");
            }

            if (dimension.IsTime && dimensions.Any(d => d.IsTime))
            {
                throw new StatsQueryException($"dimensions[{index}]", "Only one time dimension may be queried at a time");
            }

            dimensions.Add(dimension);
            index++;
        }

        return dimensions;
    }

    private static List<OrderBy> ParseOrderBy(JsonElement root, List<Metric> metrics, List<Dimension> dimensions)
    {
        if (!root.TryGetProperty("order_by", out var list))
        {
            // Plausible's default: the time dimension ascending, then the first metric descending.
            var defaults = new List<OrderBy>();
            if (dimensions.FirstOrDefault(d => d.IsTime) is { } time)
            {
                defaults.Add(new OrderBy(time.Name, Descending: false));
            }

            defaults.Add(new OrderBy(metrics[0].Name, Descending: true));
            return defaults;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw new StatsQueryException("order_by", "Invalid query: order_by must be a list of [name, \"asc\" | \"desc\"]");
        }

        var order = new List<OrderBy>();
        int index = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Array || item.GetArrayLength() != 2
                || item[0].ValueKind != JsonValueKind.String || item[1].GetString() is not ("asc" or "desc"))
            {
                throw new StatsQueryException($"order_by[{index}]", $"#/order_by/{index}: expected [name, \"asc\" | \"desc\"]");
            }

            string name = item[0].GetString()!;
            if (!metrics.Any(m => m.Name == name) && !dimensions.Any(d => d.Name == name))
            {
                throw new StatsQueryException($"order_by[{index}]", $"Invalid order_by entry '{name}': it must be listed in metrics or dimensions");
            }

            order.Add(new OrderBy(name, item[1].GetString() == "desc"));
            index++;
        }

        return order;
    }

    private static StatsInclude ParseInclude(JsonElement root, List<Dimension> dimensions)
    {
        if (!root.TryGetProperty("include", out var include))
        {
            return new StatsInclude();
        }

        if (include.ValueKind != JsonValueKind.Object)
        {
            throw new StatsQueryException("include", "Invalid query: include must be an object");
        }

        var result = new StatsInclude();
        foreach (var member in include.EnumerateObject())
        {
            switch (member.Name)
            {
                case "comparisons":
                    result = result with { Comparison = ParseComparison(member.Value) };
                    break;
                case "total_rows":
                    result = result with { TotalRows = Flag(member) };
                    break;
                case "time_labels":
                    result = result with { TimeLabels = Flag(member) };
                    if (result.TimeLabels && !dimensions.Any(d => d.IsTime))
                    {
                        throw new StatsQueryException("include.time_labels", "Invalid include.time_labels: requires a time dimension");
                    }

                    break;
                case "imports":
                    Flag(member); // there is never imported data to include
                    break;
                default:
                    throw new StatsQueryException("include." + member.Name, $"Invalid query: unknown include option '{member.Name}'");
            }
        }

        return result;
    }

    private static ComparisonMode? ParseComparison(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        string? mode = value.ValueKind == JsonValueKind.Object && value.TryGetProperty("mode", out var m) && m.ValueKind == JsonValueKind.String
            ? m.GetString()
            : null;
        return mode switch
        {
            "previous_period" => ComparisonMode.PreviousPeriod,
            "year_over_year" => ComparisonMode.YearOverYear,
            _ => throw new StatsQueryException("include.comparisons",
                "Invalid include.comparisons: expected {\"mode\": \"previous_period\"} or {\"mode\": \"year_over_year\"}"),
        };
    }

    private static bool Flag(JsonProperty member) => member.Value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new StatsQueryException("include." + member.Name, $"Invalid include.{member.Name}: expected true or false"),
    };

    private static (int Limit, int Offset) ParsePagination(JsonElement root)
    {
        if (!root.TryGetProperty("pagination", out var pagination))
        {
            return (StatsLimits.DefaultLimit, 0);
        }

        if (pagination.ValueKind != JsonValueKind.Object)
        {
            throw new StatsQueryException("pagination", "Invalid pagination: expected {\"limit\": N, \"offset\": N}");
        }

        int limit = StatsLimits.DefaultLimit;
        int offset = 0;
        if (pagination.TryGetProperty("limit", out var l) && (!l.TryGetInt32(out limit) || limit < 1 || limit > StatsLimits.MaxLimit))
        {
            throw new StatsQueryException("pagination.limit", $"Invalid pagination.limit: expected a whole number from 1 to {StatsLimits.MaxLimit}");
        }

        if (pagination.TryGetProperty("offset", out var o) && (!o.TryGetInt32(out offset) || offset < 0))
        {
            throw new StatsQueryException("pagination.offset", "Invalid pagination.offset: expected a whole number of at least 0");
        }

        return (limit, offset);
    }

    private static void Validate(StatsQuery query)
    {
        bool eventDimension = query.Dimensions.Any(d => d.Kind is DimensionKind.Event or DimensionKind.Goal);
        foreach (var metric in query.Metrics)
        {
            if (metric.IsVisitOnly && eventDimension)
            {
                throw new StatsQueryException("metrics", $"Metric `{metric.Name}` cannot be queried with event dimensions");
            }

            if (metric.Kind == MetricKind.Percentage && query.Dimensions.Count == 0)
            {
                throw new StatsQueryException("metrics", "Metric `percentage` can only be queried with a dimension");
            }

            if (metric.Kind == MetricKind.ConversionRate && !HasGoal(query))
            {
                throw new StatsQueryException("metrics", "Metric `conversion_rate` can only be queried with event:goal filters or dimensions");
            }
        }

        if (query.Include.Comparison is not null && query.Period.FromUs == 0)
        {
            throw new StatsQueryException("include.comparisons", "Comparisons are not possible with date_range \"all\"");
        }
    }

    private static bool HasGoal(StatsQuery query) =>
        query.Dimensions.Any(d => d.Kind == DimensionKind.Goal) || (query.Filter is { } f && StatsFilterParser.Mentions(f, DimensionKind.Goal));
}
