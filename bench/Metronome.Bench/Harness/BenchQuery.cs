namespace Metronome.Bench.Harness;

/// <summary>
/// One benchmark query. <see cref="Semantics"/> is the contract every target implements (and the result
/// columns, in order); each target keeps its own text for it, e.g. bench/queries/clickhouse/q1.sql.
/// </summary>
/// <param name="Id">Q1..Q7 (Q3a: the approximate variant of Q3).</param>
/// <param name="RelativeTolerance">How far numeric cells may differ between targets (0: exact).</param>
public sealed record BenchQuery(string Id, string Title, string Semantics, double RelativeTolerance = 0)
{
    /// <summary>File stem of the query text: "q1", "q3a".</summary>
    public string FileStem => Id.ToLowerInvariant();

    /// <summary>Whether the issue asks for at most half of ClickHouse's median (Q1, Q5, Q6) rather than at most all of it.</summary>
    public double TargetRatio => Id is "Q1" or "Q5" or "Q6" ? 0.5 : 1.0;
}
