using System.Text;
using Metronome.Query.Diagnostics;

namespace Metronome.Query.Syntax;

/// <summary>Dashboard variables: every <c>{{name}}</c> is replaced by its value as plain text before the
/// query is lexed, exactly as Sumo does; the value <c>*</c> is how a dashboard asks for "all". Names
/// are matched case-insensitively. A variable with no value is an error rather than a silent <c>*</c>,
/// so a typo in a dashboard does not widen a query.</summary>
public static class TemplateVariables
{
    public static SourceText Substitute(string query, IReadOnlyDictionary<string, string>? values)
    {
        if (!query.Contains("{{", StringComparison.Ordinal))
        {
            return new SourceText(query);
        }

        var builder = new StringBuilder(query.Length);
        var substitutions = new List<SourceText.Substitution>();
        var i = 0;
        while (i < query.Length)
        {
            var open = query.IndexOf("{{", i, StringComparison.Ordinal);
            var close = open < 0 ? -1 : query.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (open < 0 || close < 0)
            {
                builder.Append(query, i, query.Length - i);
                break;
            }

            builder.Append(query, i, open - i);
            var name = query.Substring(open + 2, close - open - 2).Trim();
            var value = Lookup(values, name) ?? throw Missing(query, name, open, close + 2 - open);
            substitutions.Add(new SourceText.Substitution(builder.Length, value.Length, open, close + 2 - open));
            builder.Append(value);
            i = close + 2;
        }

        return new SourceText(builder.ToString(), query, substitutions);
    }

    private static string? Lookup(IReadOnlyDictionary<string, string>? values, string name)
    {
        if (values is null)
        {
            return null;
        }

        if (values.TryGetValue(name, out var exact))
        {
            return exact;
        }

        foreach (var pair in values)
        {
            if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return pair.Value;
            }
        }

        return null;
    }

    private static QueryException Missing(string query, string name, int offset, int length)
    {
        var (line, column) = new SourceText(query).LineColumn(offset);
        return new QueryException(new Diagnostic(
            DiagnosticCode.MissingTemplateVariable, $"template variable '{name}' has no value", line, column, offset, length));
    }
}
