namespace Metronome.Bench.Harness;

/// <summary>The tables one query returned (Q6 returns three).</summary>
public sealed record QueryResult(IReadOnlyList<ResultTable> Tables);

/// <summary>One result table: column names and rows of cells as text.</summary>
public sealed record ResultTable(IReadOnlyList<string> Columns, IReadOnlyList<string[]> Rows);
