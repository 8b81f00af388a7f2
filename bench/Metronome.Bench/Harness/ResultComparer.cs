using System.Globalization;

namespace Metronome.Bench.Harness;

/// <summary>
/// Checks that two targets answered a query alike: same tables, same row counts, and cell by cell the
/// same text, or numbers equal within the query's tolerance (1 and 1.0 are equal).
/// </summary>
public static class ResultComparer
{
    /// <summary>Null when the results agree, else a description of the first difference.</summary>
    public static string? FirstDifference(BenchQuery query, QueryResult expected, QueryResult actual)
    {
        if (expected.Tables.Count != actual.Tables.Count)
            return $"{actual.Tables.Count} tables instead of {expected.Tables.Count}";
        for (int t = 0; t < expected.Tables.Count; t++)
        {
            string where = expected.Tables.Count > 1 ? $"table {t + 1}: " : "";
            ResultTable e = expected.Tables[t], a = actual.Tables[t];
            if (e.Rows.Count != a.Rows.Count)
                return $"{where}{a.Rows.Count} rows instead of {e.Rows.Count}";
            for (int r = 0; r < e.Rows.Count; r++)
            {
                string[] er = e.Rows[r], ar = a.Rows[r];
                if (er.Length != ar.Length)
                    return $"{where}row {r + 1} has {ar.Length} cells instead of {er.Length}";
                for (int c = 0; c < er.Length; c++)
                {
                    if (!CellsAgree(er[c], ar[c], query.RelativeTolerance))
                        return $"{where}row {r + 1}: [{string.Join(", ", ar)}] instead of [{string.Join(", ", er)}]";
                }
            }
        }
        return null;
    }

    public static bool CellsAgree(string expected, string actual, double relativeTolerance)
    {
        if (string.Equals(expected, actual, StringComparison.Ordinal))
            return true;
        if (!double.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out double e)
            || !double.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out double a))
            return false;
        double tolerance = Math.Max(relativeTolerance, 1e-9) * Math.Max(1.0, Math.Abs(e));
        return Math.Abs(e - a) <= tolerance;
    }
}
