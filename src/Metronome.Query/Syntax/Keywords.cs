namespace Metronome.Query.Syntax;

/// <summary>Words with a meaning somewhere in the grammar. The printer quotes a field with one of these
/// names (<c>%"desc"</c>) so that printed text always parses back to the same tree.</summary>
public static class Keywords
{
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "not", "in", "matches", "as", "by", "group", "true", "false", "null", "asc", "desc",
        "parse", "extract", "regex", "field", "nodrop", "multi", "json", "auto", "keyvalue", "kv", "infer", "keys",
        "csv", "split", "extract", "where", "fields", "timeslice", "buckets", "sort", "order", "top", "limit",
        "transpose", "row", "column", "fillmissing", "values", "all", "with", "for", "takelast", "total", "accum",
        "lookup", "from", "on", "count", "count_distinct", "sum", "avg", "min", "max", "pct", "stddev", "first", "last",
        "if",
    };

    public static bool IsPlainName(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!Lexer.IsNameChar(c))
            {
                return false;
            }
        }

        return !Reserved.Contains(name);
    }
}
