using System.Text;

namespace Metronome.Bench.Harness;

/// <summary>Writes every row each target returned to WORK/results/TARGET/QUERY.tsv, for diffing by hand.</summary>
public static class ResultDump
{
    public static void Write(string workDir, TargetReport report)
    {
        string dir = Path.Combine(workDir, "results", report.Name);
        Directory.CreateDirectory(dir);
        foreach (var (id, timing) in report.Queries)
        {
            var sb = new StringBuilder();
            foreach (ResultTable table in timing.Result.Tables)
            {
                sb.AppendJoin('\t', table.Columns).Append('\n');
                foreach (string[] row in table.Rows)
                    sb.AppendJoin('\t', row).Append('\n');
                sb.Append('\n');
            }
            File.WriteAllText(Path.Combine(dir, id.ToLowerInvariant() + ".tsv"), sb.ToString());
        }
    }
}
