using System.Text.Json;
using Metronome.Server.Stats.Funnels;

namespace Metronome.Server.Stats.Output;

/// <summary><c>{"steps": [{"step", "label", "visitors", "visits", "conversion_rate", "conversion_rate_step",
/// "dropoff"}], "meta": {"visitors"}, "query": {"site_id", "date_range"}}</c>.</summary>
public static class FunnelJsonWriter
{
    public static void Write(Utf8JsonWriter json, FunnelResult result)
    {
        json.WriteStartObject();
        json.WriteStartArray("steps");
        foreach (var step in result.Steps)
        {
            json.WriteStartObject();
            json.WriteNumber("step", step.Step);
            json.WriteString("label", step.Label);
            json.WriteNumber("visitors", step.Visitors);
            json.WriteNumber("visits", step.Visits);
            json.WriteNumber("conversion_rate", step.ConversionRate);
            json.WriteNumber("conversion_rate_step", step.ConversionRateStep);
            json.WriteNumber("dropoff", step.Dropoff);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("meta");
        json.WriteNumber("visitors", result.TotalVisitors);
        json.WriteEndObject();
        json.WriteStartObject("query");
        json.WriteString("site_id", result.Query.SiteId);
        json.WriteStartArray("date_range");
        foreach (var bound in result.Query.Period.ToIso())
        {
            json.WriteStringValue(bound);
        }

        json.WriteEndArray();
        json.WriteString("timezone", result.Query.Period.Zone.Id);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
