using System.Text.Json;
using System.Text.RegularExpressions;

namespace Metronome.Server.Stats.Query;

/// <summary>Plausible's filter syntax: <c>[op, dimension, [clauses], {modifiers}]</c> and
/// <c>["and" | "or", [filters]]</c>, <c>["not", filter]</c>; the top level is an implicit and.</summary>
public static class StatsFilterParser
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(50);

    public static StatsFilter? ParseTopLevel(JsonElement filters)
    {
        if (filters.ValueKind != JsonValueKind.Array)
        {
            throw new StatsQueryException("filters", "Invalid filters: expected a list of filters");
        }

        var list = new List<StatsFilter>();
        int index = 0;
        foreach (var item in filters.EnumerateArray())
        {
            list.Add(Parse(item, $"filters[{index++}]"));
        }

        return list.Count switch
        {
            0 => null,
            1 => list[0],
            _ => new AndFilter(list),
        };
    }

    public static bool Mentions(StatsFilter filter, DimensionKind kind) => filter switch
    {
        SimpleFilter simple => simple.Dimension.Kind == kind,
        AndFilter and => and.Filters.Any(f => Mentions(f, kind)),
        OrFilter or => or.Filters.Any(f => Mentions(f, kind)),
        NotFilter not => Mentions(not.Filter, kind),
        _ => false,
    };

    private static StatsFilter Parse(JsonElement item, string path)
    {
        if (item.ValueKind != JsonValueKind.Array || item.GetArrayLength() < 2 || item[0].ValueKind != JsonValueKind.String)
        {
            throw new StatsQueryException(path, $"Invalid filter {item.GetRawText()}: expected [operator, dimension, [values]]");
        }

        string op = item[0].GetString()!;
        switch (op)
        {
            case "and" or "or":
                if (item.GetArrayLength() != 2 || item[1].ValueKind != JsonValueKind.Array || item[1].GetArrayLength() == 0)
                {
                    throw new StatsQueryException(path, $"Invalid filter {item.GetRawText()}: expected [\"{op}\", [filters]]");
                }

                var parts = item[1].EnumerateArray().Select((f, i) => Parse(f, $"{path}[1][{i}]")).ToList();
                return op == "and" ? new AndFilter(parts) : new OrFilter(parts);
            case "not":
                if (item.GetArrayLength() != 2)
                {
                    throw new StatsQueryException(path, $"Invalid filter {item.GetRawText()}: expected [\"not\", filter]");
                }

                return new NotFilter(Parse(item[1], path + "[1]"));
        }

        var oper = op switch
        {
            "is" => FilterOperator.Is,
            "is_not" => FilterOperator.IsNot,
            "contains" => FilterOperator.Contains,
            "contains_not" => FilterOperator.ContainsNot,
            "matches" => FilterOperator.Matches,
            "matches_not" => FilterOperator.MatchesNot,
            _ => throw new StatsQueryException(path, $"Invalid filter {item.GetRawText()}: unknown operator '{op}'"),
        };
        if (item.GetArrayLength() is < 3 or > 4 || item[1].ValueKind != JsonValueKind.String || item[2].ValueKind != JsonValueKind.Array)
        {
            throw new StatsQueryException(path, $"Invalid filter {item.GetRawText()}: expected [\"{op}\", dimension, [values]]");
        }

        string name = item[1].GetString()!;
        var dimension = Dimension.Parse(name);
        if (dimension is null)
        {
            throw new StatsQueryException(path, $"Invalid filter {item.GetRawText()}: unknown dimension '{name}'");
        }

        if (dimension.IsTime)
        {
            throw new StatsQueryException(path, $"Invalid filter {item.GetRawText()}: time dimensions cannot be filtered; set date_range instead");
        }

        if (dimension.Kind == DimensionKind.Goal && oper is not (FilterOperator.Is or FilterOperator.Contains))
        {
            throw new StatsQueryException(path, $"Invalid filter {item.GetRawText()}: only 'is' and 'contains' work on event:goal");
        }

        var clauses = new List<string>();
        foreach (var clause in item[2].EnumerateArray())
        {
            clauses.Add(clause.ValueKind switch
            {
                JsonValueKind.String => clause.GetString()!,
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => clause.GetRawText(),
                _ => throw new StatsQueryException(path, $"Invalid filter {item.GetRawText()}: values must be strings"),
            });
        }

        bool caseSensitive = true;
        if (item.GetArrayLength() == 4)
        {
            var modifiers = item[3];
            if (modifiers.ValueKind != JsonValueKind.Object)
            {
                throw new StatsQueryException(path, $"Invalid filter {item.GetRawText()}: modifiers must be an object");
            }

            if (modifiers.TryGetProperty("case_sensitive", out var cs))
            {
                caseSensitive = cs.ValueKind != JsonValueKind.False;
            }
        }

        var filter = new SimpleFilter(oper, dimension, clauses, caseSensitive);
        if (oper is FilterOperator.Matches or FilterOperator.MatchesNot)
        {
            filter = filter with { Patterns = clauses.Select(c => Compile(c, caseSensitive, path)).ToList() };
        }

        return filter;
    }

    private static Regex Compile(string pattern, bool caseSensitive, string path)
    {
        try
        {
            var options = RegexOptions.CultureInvariant | (caseSensitive ? RegexOptions.None : RegexOptions.IgnoreCase);
            return new Regex(pattern, options, RegexTimeout);
        }
        catch (ArgumentException ex)
        {
            throw new StatsQueryException(path, $"Invalid regular expression '{pattern}': {ex.Message}");
        }
    }
}
