using System.Text.Json;

namespace Metronome.Query.Execution.Operators;

/// <summary>The JSONPath subset of <c>json "..."</c>: optional <c>$</c>, <c>.key</c>, <c>['key']</c>,
/// <c>[n]</c> and <c>[*]</c>. A bare key is a top-level key; <c>a.b</c> nests.</summary>
public sealed class JsonPath
{
    private readonly List<object?> _steps;

    private JsonPath(List<object?> steps)
    {
        _steps = steps;
    }

    /// <summary>Steps are strings (keys), ints (indexes) or null (<c>[*]</c>).</summary>
    public static bool TryParse(string text, out JsonPath path)
    {
        var steps = new List<object?>();
        path = new JsonPath(steps);
        var i = 0;
        if (text.StartsWith('$'))
        {
            i = 1;
        }

        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                i++;
                continue;
            }

            if (text[i] == '[')
            {
                var close = text.IndexOf(']', i);
                if (close < 0)
                {
                    return false;
                }

                var inner = text[(i + 1)..close].Trim();
                if (inner == "*")
                {
                    steps.Add(null);
                }
                else if (inner.Length >= 2 && inner[0] is '\'' or '"' && inner[^1] == inner[0])
                {
                    steps.Add(inner[1..^1]);
                }
                else if (int.TryParse(inner, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
                {
                    steps.Add(index);
                }
                else
                {
                    return false;
                }

                i = close + 1;
                continue;
            }

            var start = i;
            while (i < text.Length && text[i] is not ('.' or '['))
            {
                i++;
            }

            steps.Add(text[start..i]);
        }

        return steps.Count > 0;
    }

    /// <summary>The text of the value at the path (strings unquoted, others as JSON), or null if absent.
    /// A <c>[*]</c> collects its matches into a JSON array.</summary>
    public string? Evaluate(JsonElement root)
    {
        var matches = new List<JsonElement>();
        Walk(root, 0, matches);
        if (matches.Count == 0)
        {
            return null;
        }

        if (_steps.Contains(null))
        {
            return "[" + string.Join(",", matches.Select(m => m.GetRawText())) + "]";
        }

        return Text(matches[0]);
    }

    public static string? Text(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => element.GetRawText(),
    };

    private void Walk(JsonElement element, int step, List<JsonElement> matches)
    {
        if (step == _steps.Count)
        {
            matches.Add(element);
            return;
        }

        switch (_steps[step])
        {
            case string key when element.ValueKind == JsonValueKind.Object:
                if (element.TryGetProperty(key, out var child))
                {
                    Walk(child, step + 1, matches);
                }

                break;
            case int index when element.ValueKind == JsonValueKind.Array:
                if (index < element.GetArrayLength())
                {
                    Walk(element[index], step + 1, matches);
                }

                break;
            case null when element.ValueKind == JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, step + 1, matches);
                }

                break;
        }
    }
}
