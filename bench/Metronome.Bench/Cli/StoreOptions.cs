using System.Globalization;

namespace Metronome.Bench.Cli;

/// <summary>Arguments of `metronome-bench store`.</summary>
public sealed record StoreOptions(
    long Events,
    ulong Seed,
    string? WorkDir,
    int Runs,
    IReadOnlyList<string>? Targets,
    IReadOnlyList<string>? Queries,
    string? ReportDir,
    IReadOnlyDictionary<string, string> TargetOptions)
{
    public const string Usage = """
        usage: metronome-bench store [--events 10000000] [--seed 42] [--work DIR] [--runs 5]
                                     [--targets clickhouse,metronome] [--queries Q1,Q4] [--report-dir DIR]
                                     [--clickhouse-url URL] [--clickhouse-dir DIR] [--metronome-KEY VALUE ...]

          --events N        workload size (default 10,000,000, the reference run)
          --seed S          workload seed (default 42)
          --work DIR        scratch dir; caches the generated workload (default bench/results/tmp)
          --runs N          timed runs per query after a warm-up (1 s, at least one run); the median is reported (default 5)
          --targets LIST    engines to run, in order (default: every registered one)
          --queries LIST    subset of Q1,Q2,Q3,Q3a,Q4,Q5,Q6,Q7 (default: all)
          --report-dir DIR  where the markdown report goes (default bench/results)
          --clickhouse-url  ClickHouse HTTP endpoint (default http://127.0.0.1:18123/)
          --clickhouse-dir  the DIR given to scripts/clickhouse.sh, for the server's pid (default WORK/clickhouse)
          Any other --TARGET-KEY VALUE is handed to that target.
        """;

    public static StoreOptions? Parse(string[] args, out string? error)
    {
        long events = 10_000_000;
        ulong seed = 42;
        int runs = 5;
        string? work = null, reportDir = null;
        IReadOnlyList<string>? targets = null, queries = null;
        var targetOptions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        error = null;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            bool ok = value is not null;
            switch (arg)
            {
                case "--events": ok &= long.TryParse(value?.Replace("_", ""), NumberStyles.Integer, CultureInfo.InvariantCulture, out events) && events > 0; break;
                case "--seed": ok &= ulong.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed); break;
                case "--runs": ok &= int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out runs) && runs > 0; break;
                case "--work": work = value; break;
                case "--report-dir": reportDir = value; break;
                case "--targets": targets = List(value); break;
                case "--queries": queries = List(value); break;
                default:
                    if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('-', 2) > 2 && value is not null)
                        targetOptions[arg[2..]] = value;
                    else
                        ok = false;
                    break;
            }
            if (!ok)
            {
                error = $"bad or incomplete argument '{arg}'";
                return null;
            }
            i++;
        }
        return new StoreOptions(events, seed, work, runs, targets, queries, reportDir, targetOptions);
    }

    private static string[] List(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
