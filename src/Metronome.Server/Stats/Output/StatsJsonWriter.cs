using System.Text.Json;
using Metronome.Server.Stats.Execution;
using Metronome.Server.Stats.Query;

namespace Metronome.Server.Stats.Output;

/// <summary>Writes a result in Plausible's shape: <c>{"results": [{"metrics": [...], "dimensions": [...]}],
/// "meta": {...}, "query": {...}}</c>, with <c>comparison</c> on each row when one was asked for.</summary>
public static class StatsJsonWriter
{
    /// <summary>Answers are JSON for programs, never embedded in HTML: no need to escape '+' or non-ASCII.</summary>
    public static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(Utf8JsonWriter json, StatsResult result)
    {
        var query = result.Query;
        json.WriteStartObject();
        json.WriteStartArray("results");
        foreach (var row in result.Rows)
        {
            json.WriteStartObject();
            WriteValues(json, "metrics", row.Metrics);
            WriteStrings(json, "dimensions", row.Dimensions);
            if (row.Comparison is { } comparison)
            {
                json.WriteStartObject("comparison");
                WriteStrings(json, "dimensions", comparison.Dimensions);
                WriteValues(json, "metrics", comparison.Metrics);
                WriteValues(json, "change", comparison.Change);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartObject("meta");
        if (result.TimeLabels is { } labels)
        {
            WriteStrings(json, "time_labels", labels);
        }

        if (query.Include.TotalRows)
        {
            json.WriteNumber("total_rows", result.TotalRows);
        }

        json.WriteEndObject();

        WriteQuery(json, query);
        json.WriteEndObject();
    }

    /// <summary>The query as executed: the resolved date range, the default order filled in.</summary>
    private static void WriteQuery(Utf8JsonWriter json, StatsQuery query)
    {
        json.WriteStartObject("query");
        json.WriteString("site_id", query.SiteId);
        WriteStrings(json, "metrics", query.Metrics.Select(m => m.Name));
        WriteStrings(json, "date_range", query.Period.ToIso());
        json.WritePropertyName("filters");
        if (query.FiltersJson is { } filters)
        {
            filters.WriteTo(json);
        }
        else
        {
            json.WriteStartArray();
            json.WriteEndArray();
        }

        WriteStrings(json, "dimensions", query.Dimensions.Select(d => d.Name));
        json.WriteStartArray("order_by");
        foreach (var order in query.OrderBy)
        {
            json.WriteStartArray();
            json.WriteStringValue(order.Name);
            json.WriteStringValue(order.Descending ? "desc" : "asc");
            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteStartObject("include");
        if (query.Include.Comparison is { } mode)
        {
            json.WriteStartObject("comparisons");
            json.WriteString("mode", mode == ComparisonMode.PreviousPeriod ? "previous_period" : "year_over_year");
            json.WriteEndObject();
        }

        if (query.Include.TotalRows)
        {
            json.WriteBoolean("total_rows", true);
        }

        if (query.Include.TimeLabels)
        {
            json.WriteBoolean("time_labels", true);
        }

        json.WriteEndObject();
        json.WriteStartObject("pagination");
        json.WriteNumber("limit", query.Limit);
        json.WriteNumber("offset", query.Offset);
        json.WriteEndObject();
        json.WriteString("timezone", query.Period.Zone.Id);
        json.WriteEndObject();
    }

    public static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case long l:
                json.WriteNumberValue(l);
                break;
            case double d:
                json.WriteNumberValue(d);
                break;
            case RevenueValue revenue:
                json.WriteStartObject();
                json.WriteNumber("value", revenue.Value);
                if (revenue.Currency is null)
                {
                    json.WriteNull("currency");
                }
                else
                {
                    json.WriteString("currency", revenue.Currency);
                }

                json.WriteString("short", revenue.Short);
                json.WriteString("long", revenue.Long);
                json.WriteEndObject();
                break;
            default:
                throw new InvalidOperationException("unexpected metric value " + value.GetType().Name);
        }
    }

    private static void WriteValues(Utf8JsonWriter json, string name, object?[] values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            WriteValue(json, value);
        }

        json.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
