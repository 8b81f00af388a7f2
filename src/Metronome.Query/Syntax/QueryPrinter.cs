using System.Text;
using Metronome.Query.Syntax.Ast;

namespace Metronome.Query.Syntax;

/// <summary>Prints a tree as canonical query text: explicit AND, one stage per line, minimal parentheses,
/// quoted names where a bare one would read differently. <c>Parser.Parse(Print(q)) == q</c>.</summary>
public static class QueryPrinter
{
    public static string Print(QueryNode query)
    {
        var builder = new StringBuilder();
        builder.Append(Print(query.Scope));
        foreach (var stage in query.Stages)
        {
            builder.Append("\n| ").Append(Print(stage));
        }

        return builder.ToString();
    }

    public static string Print(ScopeExpr scope) => Scope(scope, 0);

    public static string Print(Expr expr) => Expression(expr, 0);

    public static string Name(string name) => Keywords.IsPlainName(name) ? name : "%" + Quote(name);

    public static string Quote(string value) => "\"" + value.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string Scope(ScopeExpr scope, int minLevel)
    {
        var (text, level) = scope switch
        {
            ScopeAll => ("*", 3),
            KeywordTerm k => (k.Text, 3),
            PhraseTerm p => (Quote(p.Text), 3),
            FieldMatch f => (f.Field + (f.Negated ? "!=" : "=") + (f.Quoted ? Quote(f.Value) : f.Value), 3),
            ScopeNot n => ("NOT " + Scope(n.Operand, 2), 2),
            ScopeAnd a => (Scope(a.Left, 1) + " AND " + Scope(a.Right, 2), 1),
            ScopeOr o => (Scope(o.Left, 0) + " OR " + Scope(o.Right, 1), 0),
            _ => throw new ArgumentOutOfRangeException(nameof(scope)),
        };
        return level < minLevel ? "(" + text + ")" : text;
    }

    // Levels follow the parser: 0 ?:, 1 or, 2 and, 3 not, 4 comparison, 5 + -, 6 * / %, 7 unary, 8 primary.
    private static string Expression(Expr expr, int minLevel)
    {
        var (text, level) = expr switch
        {
            StringLiteral s => (Quote(s.Value), 8),
            NumberLiteral n => (n.Text, 8),
            BoolLiteral b => (b.Value ? "true" : "false", 8),
            NullLiteral => ("null", 8),
            RegexLiteral r => ("/" + r.Pattern + "/", 8),
            FieldRef f => (Name(f.Name), 8),
            CallExpr c => (c.Function + "(" + string.Join(", ", c.Arguments.Select(a => Expression(a, 0))) + ")", 8),
            UnaryExpr { Op: UnaryOp.Negate } u => ("-" + Expression(u.Operand, 7), 7),
            UnaryExpr u => ("!" + Expression(u.Operand, 7), 7),
            BinaryExpr b => Binary(b),
            MatchesExpr m => (Expression(m.Subject, 5) + (m.Negated ? " not matches " : " matches ") + Expression(m.Pattern, 5), 4),
            InExpr i => (Expression(i.Subject, 5) + (i.Negated ? " not in (" : " in (") + string.Join(", ", i.Items.Select(x => Expression(x, 0))) + ")", 4),
            ConditionalExpr c => (Expression(c.Condition, 1) + " ? " + Expression(c.Then, 0) + " : " + Expression(c.Else, 0), 0),
            _ => throw new ArgumentOutOfRangeException(nameof(expr)),
        };
        return level < minLevel ? "(" + text + ")" : text;
    }

    private static (string, int) Binary(BinaryExpr b)
    {
        var (symbol, level) = b.Op switch
        {
            BinaryOp.Or => ("or", 1),
            BinaryOp.And => ("and", 2),
            BinaryOp.Equal => ("=", 4),
            BinaryOp.NotEqual => ("!=", 4),
            BinaryOp.Less => ("<", 4),
            BinaryOp.LessOrEqual => ("<=", 4),
            BinaryOp.Greater => (">", 4),
            BinaryOp.GreaterOrEqual => (">=", 4),
            BinaryOp.Add => ("+", 5),
            BinaryOp.Subtract => ("-", 5),
            BinaryOp.Multiply => ("*", 6),
            BinaryOp.Divide => ("/", 6),
            _ => ("%", 6),
        };

        // Comparisons do not chain, so both sides sit one level up; other operators are left-associative.
        var leftLevel = level == 4 ? 5 : level;
        var left = Expression(b.Left, leftLevel);
        var right = Expression(b.Right, level + 1);

        // "a % b" needs spaces, or %b would read as a field name.
        return (left + " " + symbol + " " + right, level);
    }

    public static string Print(Stage stage) => stage switch
    {
        ParseAnchorStage p => "parse " + FieldOption(p.Field) + Quote(p.Pattern) + " as " + Names(p.Names) + (p.Nodrop ? " nodrop" : ""),
        ParseRegexStage p => "parse regex " + FieldOption(p.Field) + Quote(p.Pattern) + (p.Multi ? " multi" : "") + (p.Nodrop ? " nodrop" : ""),
        JsonStage j => "json " + FieldOption(j.Field) + (j.Auto ? "auto" : string.Join(", ", j.Paths.Select(Quote)))
            + (j.Names.Count > 0 ? " as " + Names(j.Names) : "") + (j.Nodrop ? " nodrop" : ""),
        KeyValueStage k => KeyValue(k),
        CsvStage c => Csv(c),
        WhereStage w => "where " + Expression(w.Condition, 0),
        AssignStage a => Expression(a.Value, 0) + " as " + Name(a.Name),
        EvalStage e => Expression(e.Call, 0),
        FieldsStage f => "fields " + (f.Exclude ? "- " : "") + Names(f.Names),
        TimesliceStage t => "timeslice" + (t.Duration is not null ? " " + t.Duration : "") + (t.Buckets is not null ? $" {t.Buckets} buckets" : "")
            + (t.Alias is not null ? " as " + Name(t.Alias) : ""),
        AggregateStage a => string.Join(", ", a.Aggregations.Select(Aggregation)) + (a.GroupBy.Count > 0 ? " by " + Names(a.GroupBy) : ""),
        SortStage s => "sort by " + string.Join(", ", s.Keys.Select(k => Name(k.Field) + (k.Descending ? " desc" : " asc"))),
        TopStage t => $"top {t.Count} " + Names(t.Fields) + (t.By is not null ? " by " + Name(t.By) : ""),
        LimitStage l => $"limit {l.Count}",
        TransposeStage t => "transpose row " + Names(t.Rows) + " column " + Names(t.Columns)
            + (t.Outputs.Count > 0 ? " as " + string.Join(", ", t.Outputs.Select(o => o == "*" ? "*" : Name(o))) : ""),
        FillmissingStage f => Fillmissing(f),
        TotalStage t => "total " + Name(t.Field) + (t.Alias is not null ? " as " + Name(t.Alias) : "") + (t.By.Count > 0 ? " by " + Names(t.By) : ""),
        AccumStage t => "accum " + Name(t.Field) + (t.Alias is not null ? " as " + Name(t.Alias) : "") + (t.By.Count > 0 ? " by " + Names(t.By) : ""),
        LookupStage l => "lookup " + string.Join(", ", l.Outputs.Select(o => (o.Name == "*" ? "*" : Name(o.Name)) + (o.Alias is not null ? " as " + Name(o.Alias) : "")))
            + " from " + l.Source + " on " + string.Join(", ", l.Keys.Select(k => Name(k.TableField) + "=" + Name(k.EventField))),
        _ => throw new ArgumentOutOfRangeException(nameof(stage)),
    };

    private static string KeyValue(KeyValueStage k)
    {
        var parts = new List<string> { "keyvalue" };
        if (k.Field is not null)
        {
            parts.Add("field=" + Name(k.Field));
        }

        if (k.Mode == KeyValueMode.Auto)
        {
            parts.Add("auto");
        }
        else if (k.Mode == KeyValueMode.Regex)
        {
            parts.Add("regex " + Quote(k.Regex ?? ""));
        }

        if (k.Keys.Count > 0)
        {
            parts.Add(string.Join(", ", k.Keys.Select(Quote)));
        }

        if (k.Names.Count > 0)
        {
            parts.Add("as " + Names(k.Names));
        }

        if (k.Nodrop)
        {
            parts.Add("nodrop");
        }

        return string.Join(" ", parts);
    }

    private static string FieldOption(string? field) => field is null ? "" : "field=" + Name(field) + " ";

    private static string Names(IEnumerable<string> names) => string.Join(", ", names.Select(Name));

    private static string Aggregation(Aggregation a)
    {
        var text = a.Function;
        if (a.Field is not null)
        {
            text += "(" + Name(a.Field) + string.Concat(a.Percentiles.Select(p => ", " + p)) + ")";
        }

        return a.Aliases.Count > 0 ? text + " as " + Names(a.Aliases) : text;
    }

    private static string Csv(CsvStage c)
    {
        var options = new List<string>();
        if (c.Delimiter is { } d)
        {
            options.Add("delim=" + CharLiteral(d));
        }

        if (c.Quote is { } q)
        {
            options.Add("quote=" + CharLiteral(q));
        }

        if (c.Escape is { } e)
        {
            options.Add("escape=" + CharLiteral(e));
        }

        var columns = c.Columns.Select(col => col.Explicit ? $"{col.Position} as {Name(col.Name ?? "_")}" : col.Name is null ? "_" : Name(col.Name));
        return (c.IsSplit ? "split " : "csv ") + Name(c.Field) + " " + (options.Count > 0 ? string.Join(", ", options) + " " : "") + "extract " + string.Join(", ", columns);
    }

    private static string CharLiteral(char c) => c == '\'' ? "\"'\"" : "'" + c + "'";

    private static string Fillmissing(FillmissingStage f)
    {
        var generators = f.Generators.Select(g => g switch
        {
            TimesliceFill t => "timeslice" + (t.Duration is not null ? "(" + t.Duration + ")" : "") + (t.Field is not null ? " in " + Name(t.Field) : ""),
            ValuesFill v => "values " + (v.All ? "all" : "(" + string.Join(", ", v.Values.Select(Quote)) + ")") + " in " + Name(v.Field),
            _ => throw new ArgumentOutOfRangeException(nameof(f)),
        });
        var text = "fillmissing " + string.Join(", ", generators);
        if (f.Defaults.Count > 0)
        {
            text += " with " + string.Join(", ", f.Defaults.Select(d => Expression(d.Value, 0) + " for " + Name(d.Field)));
        }

        return f.TakeLast ? text + " takeLast" : text;
    }
}
