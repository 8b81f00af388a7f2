namespace Metronome.Query.Execution;

/// <summary>Column types of a result: <c>string</c>, <c>long</c>, <c>double</c>, <c>bool</c>, and
/// <c>timestamp</c> (epoch milliseconds, UTC) for <c>_messagetime</c> and timeslice fields.</summary>
public static class ColumnTypes
{
    public const string String = "string";
    public const string Long = "long";
    public const string Double = "double";
    public const string Bool = "bool";
    public const string Timestamp = "timestamp";
}

public sealed record ResultColumn(string Name, string Type);

/// <param name="Scanned">Events the source returned.</param>
/// <param name="Matched">Messages that passed the scope and the streaming stages before the first
/// aggregation (for raw queries: the messages in the full result before paging).</param>
public sealed record QueryStats(long Scanned, long Matched, long ElapsedMs);

/// <summary>The answer: columns, rows of plain values (string, long, double, bool or null, in column
/// order), statistics, and the total row count before paging.</summary>
public sealed record QueryResult(
    IReadOnlyList<ResultColumn> Columns,
    IReadOnlyList<object?[]> Rows,
    QueryStats Stats,
    long TotalRows,
    bool IsAggregate);
