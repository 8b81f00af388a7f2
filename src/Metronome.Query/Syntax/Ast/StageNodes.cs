namespace Metronome.Query.Syntax.Ast;

/// <summary>One pipeline stage (the text between two pipes).</summary>
public abstract record Stage : Node;

/// <summary><c>parse [field=f] "a=* b=*" as x, y [nodrop]</c>.</summary>
public sealed record ParseAnchorStage(string? Field, string Pattern, NodeList<string> Names, bool Nodrop) : Stage;

/// <summary><c>parse regex [field=f] "...(?&lt;n&gt;...)..." [multi] [nodrop]</c>, also spelled <c>extract</c>.</summary>
public sealed record ParseRegexStage(string? Field, string Pattern, bool Multi, bool Nodrop) : Stage;

/// <summary><c>json [field=f] "path", ... [as a, ...] [nodrop]</c> or <c>json auto [field=f] [nodrop]</c>.</summary>
public sealed record JsonStage(string? Field, bool Auto, NodeList<string> Paths, NodeList<string> Names, bool Nodrop) : Stage;

public enum KeyValueMode
{
    Infer,
    Auto,
    Regex,
}

/// <summary><c>keyvalue|kv [infer|auto|regex "re"] [field=f] "k1", ... [as a, ...] [nodrop]</c>.</summary>
public sealed record KeyValueStage(string? Field, KeyValueMode Mode, string? Regex, NodeList<string> Keys, NodeList<string> Names, bool Nodrop) : Stage;

/// <summary>One output of csv/split: the 1-based position and the field name (null for <c>_</c>).
/// <see cref="Explicit"/> records whether it was written <c>5 as e</c>.</summary>
public sealed record CsvColumn(int Position, string? Name, bool Explicit);

/// <summary><c>csv f [escape='\', quote='"'] extract ...</c> and <c>split f [delim=':'] extract ...</c>.</summary>
public sealed record CsvStage(bool IsSplit, string Field, char? Delimiter, char? Quote, char? Escape, NodeList<CsvColumn> Columns) : Stage;

public sealed record WhereStage(Expr Condition) : Stage;

/// <summary><c>expr as name</c>.</summary>
public sealed record AssignStage(Expr Value, string Name) : Stage;

/// <summary>A bare call such as <c>num(x)</c> that rewrites its first argument's field in place.</summary>
public sealed record EvalStage(CallExpr Call) : Stage;

public sealed record FieldsStage(bool Exclude, NodeList<string> Names) : Stage;

/// <summary><c>timeslice 5m</c>, <c>timeslice 60 buckets</c>, <c>timeslice</c> (one bucket), each with
/// an optional <c>as name</c>. <see cref="Duration"/> is the text as written.</summary>
public sealed record TimesliceStage(string? Duration, int? Buckets, string? Alias) : Stage;

/// <summary>One aggregate of an aggregation stage. <see cref="Field"/> is null for a bare <c>count</c>;
/// <see cref="Percentiles"/> is used by <c>pct</c> (as written); several aliases serve several percentiles.</summary>
public sealed record Aggregation(string Function, string? Field, NodeList<string> Percentiles, NodeList<string> Aliases) : Node;

public sealed record AggregateStage(NodeList<Aggregation> Aggregations, NodeList<string> GroupBy) : Stage;

public sealed record SortKey(string Field, bool Descending);

public sealed record SortStage(NodeList<SortKey> Keys) : Stage;

/// <summary><c>top N f[, g] [by y]</c>.</summary>
public sealed record TopStage(int Count, NodeList<string> Fields, string? By) : Stage;

public sealed record LimitStage(int Count) : Stage;

/// <summary><c>transpose row a[, ...] column b[, ...] [as c, ..., *]</c>.</summary>
public sealed record TransposeStage(NodeList<string> Rows, NodeList<string> Columns, NodeList<string> Outputs) : Stage;

public abstract record FillGenerator;

/// <summary><c>timeslice[(5m)] [in f]</c>.</summary>
public sealed record TimesliceFill(string? Duration, string? Field) : FillGenerator;

/// <summary><c>values("a", "b") in f</c> or <c>values all in f</c> (<see cref="Values"/> empty).</summary>
public sealed record ValuesFill(NodeList<string> Values, bool All, string Field) : FillGenerator;

public sealed record FillDefault(Expr Value, string Field);

public sealed record FillmissingStage(NodeList<FillGenerator> Generators, NodeList<FillDefault> Defaults, bool TakeLast) : Stage;

public sealed record TotalStage(string Field, string? Alias, NodeList<string> By) : Stage;

public sealed record AccumStage(string Field, string? Alias, NodeList<string> By) : Stage;

public sealed record LookupOutput(string Name, string? Alias);

public sealed record LookupKey(string TableField, string EventField);

/// <summary><c>lookup latitude, longitude from geo://location on ip=client_ip</c>.</summary>
public sealed record LookupStage(NodeList<LookupOutput> Outputs, string Source, NodeList<LookupKey> Keys) : Stage;
