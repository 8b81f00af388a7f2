using System.Globalization;
using System.Text.Json;
using Metronome.Core.Events;

namespace Metronome.Query.Tests;

/// <summary>One language test read from a case file: a query, its request options, input events and
/// the expected table or error. The format is described at the top of Cases/README.txt.</summary>
public sealed record LanguageCase(
    string File,
    string Name,
    string Query,
    IReadOnlyDictionary<string, string> Variables,
    IReadOnlyDictionary<string, string> Options,
    IReadOnlyList<Event> Events,
    IReadOnlyList<string> Expected)
{
    public const string DefaultApp = "test";

    public override string ToString() => $"{File}: {Name}";

    public static IEnumerable<LanguageCase> LoadAll()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "Cases");
        foreach (var path in Directory.GetFiles(directory, "*.txt").Order(StringComparer.Ordinal))
        {
            foreach (var c in Load(path))
            {
                yield return c;
            }
        }
    }

    public static IEnumerable<LanguageCase> Load(string path)
    {
        var file = Path.GetFileName(path);
        var lines = System.IO.File.ReadAllLines(path);
        var i = 0;
        while (i < lines.Length && !lines[i].StartsWith("=== ", StringComparison.Ordinal))
        {
            i++;
        }

        while (i < lines.Length)
        {
            var name = lines[i][4..].Trim();
            i++;
            var sections = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            string? current = null;
            while (i < lines.Length && !lines[i].StartsWith("=== ", StringComparison.Ordinal))
            {
                var line = lines[i++];
                var header = SectionHeader(line);
                if (header is not null)
                {
                    current = header.Value.Name;
                    sections[current] = header.Value.Inline is { Length: > 0 } inline ? [inline] : [];
                }
                else if (current is not null && (line.Length > 0 || current == "query"))
                {
                    sections[current].Add(line);
                }
            }

            yield return Build(file, name, sections);
        }
    }

    private static (string Name, string? Inline)? SectionHeader(string line)
    {
        foreach (var section in new[] { "query", "vars", "options", "defaults", "events", "lines", "expect" })
        {
            if (line.StartsWith(section + ":", StringComparison.Ordinal))
            {
                return (section, line[(section.Length + 1)..].Trim());
            }
        }

        return null;
    }

    private static LanguageCase Build(string file, string name, Dictionary<string, List<string>> sections)
    {
        var query = string.Join("\n", sections.GetValueOrDefault("query") ?? []).Trim();
        var variables = Pairs(sections.GetValueOrDefault("vars"));
        var options = Pairs(sections.GetValueOrDefault("options"));
        var defaults = sections.TryGetValue("defaults", out var d) ? JsonDocument.Parse(string.Join("", d)).RootElement.Clone() : (JsonElement?)null;
        var events = new List<Event>();
        foreach (var line in sections.GetValueOrDefault("events") ?? [])
        {
            events.Add(FromJson(JsonDocument.Parse(line).RootElement, defaults));
        }

        foreach (var line in sections.GetValueOrDefault("lines") ?? [])
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var json = JsonSerializer.Serialize(new Dictionary<string, string> { ["t"] = line[..space], ["_raw"] = line[(space + 1)..] });
            events.Add(FromJson(JsonDocument.Parse(json).RootElement, defaults));
        }

        return new LanguageCase(file, name, query, variables, options, events, sections.GetValueOrDefault("expect") ?? []);
    }

    private static Dictionary<string, string> Pairs(List<string>? lines)
    {
        var pairs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines ?? [])
        {
            foreach (var part in line.Split(", ", StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = part.IndexOf('=', StringComparison.Ordinal);
                if (eq < 0)
                {
                    pairs[part.Trim()] = "true";
                }
                else
                {
                    pairs[part[..eq].Trim()] = part[(eq + 1)..].Trim();
                }
            }
        }

        return pairs;
    }

    private static Event FromJson(JsonElement json, JsonElement? defaults)
    {
        var fields = new List<KeyValuePair<string, FieldValue>>();
        string app = DefaultApp, eventName = "log";
        long time = 0;
        void Take(JsonElement source)
        {
            foreach (var property in source.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "t":
                        time = DateTimeOffset.Parse(property.Value.GetString()!, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds() * 1000;
                        break;
                    case "app":
                        app = property.Value.GetString()!;
                        break;
                    case "name":
                        eventName = property.Value.GetString()!;
                        break;
                    default:
                        fields.RemoveAll(f => f.Key == property.Name);
                        fields.Add(new(property.Name, Value(property.Value)));
                        break;
                }
            }
        }

        if (defaults is { } d)
        {
            Take(d);
        }

        Take(json);
        return new Event(app, eventName, time, time, fields);
    }

    private static FieldValue Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number when value.TryGetInt64(out var l) => l,
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => FieldValue.Null,
    };
}
