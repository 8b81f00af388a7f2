using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Metronome.Query.Execution;

/// <summary>Serializes a result as the API's JSON (<c>{columns, rows, stats}</c>) or as CSV (RFC 4180,
/// a header row, timestamps as ISO 8601 UTC).</summary>
public static class ResultWriter
{
    public static void WriteJson(QueryResult result, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("columns");
        foreach (var column in result.Columns)
        {
            writer.WriteStartObject();
            writer.WriteString("name", column.Name);
            writer.WriteString("type", column.Type);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("rows");
        foreach (var row in result.Rows)
        {
            writer.WriteStartArray();
            foreach (var value in row)
            {
                switch (value)
                {
                    case null: writer.WriteNullValue(); break;
                    case string s: writer.WriteStringValue(s); break;
                    case long l: writer.WriteNumberValue(l); break;
                    case double d when double.IsFinite(d): writer.WriteNumberValue(d); break;
                    case double: writer.WriteNullValue(); break;
                    case bool b: writer.WriteBooleanValue(b); break;
                    default: writer.WriteStringValue(value.ToString()); break;
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("stats");
        writer.WriteNumber("scanned", result.Stats.Scanned);
        writer.WriteNumber("matched", result.Stats.Matched);
        writer.WriteNumber("elapsedMs", result.Stats.ElapsedMs);
        writer.WriteNumber("totalRows", result.TotalRows);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static string ToJson(QueryResult result)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            WriteJson(result, writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void WriteCsv(QueryResult result, TextWriter writer)
    {
        writer.Write(string.Join(",", result.Columns.Select(c => Escape(c.Name))));
        writer.Write("\r\n");
        foreach (var row in result.Rows)
        {
            writer.Write(string.Join(",", row.Select((v, i) => Escape(Cell(v, result.Columns[i].Type)))));
            writer.Write("\r\n");
        }
    }

    private static string Cell(object? value, string type) => value switch
    {
        null => "",
        long ms when type == ColumnTypes.Timestamp => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => value.ToString() ?? "",
    };

    private static string Escape(string text) =>
        text.IndexOfAny([',', '"', '\r', '\n']) < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
