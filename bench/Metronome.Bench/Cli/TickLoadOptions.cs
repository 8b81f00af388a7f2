using System.Globalization;

namespace Metronome.Bench.Cli;

/// <summary>Arguments of `metronome-bench tick-load`.</summary>
public sealed record TickLoadOptions
{
    public const string Usage = """
        usage: metronome-bench tick-load [--connections 64] [--batch-connections 64] [--batch 1000] [--duration 15]
                                         [--warmup 3] [--threads 2] [--work DIR] [--report-dir DIR] [--cli DLL]
                                         [--postgres-port P --postgres-bin DIR [--postgres-user postgres]]

          --connections N        keep-alive connections (pgbench clients) for single events (default 64)
          --batch-connections N  connections (clients) for batches (default 64, as for single events)
          --batch N              events per NDJSON batch and rows per multi-row INSERT (default 1000)
          --duration S           seconds per measured phase (default 15), each after a --warmup S phase (default 3)
          --threads N            wrk and pgbench threads (default 2: the machine's cores)
          --work DIR             scratch dir (default bench/results/tmp/tick-load)
          --report-dir DIR       where tick-load-DATE.md goes (default bench/results)
          --cli DLL              the server binary (default .build/cli/metronome.dll)
          --postgres-port P      a running PostgreSQL (bench/tick-load.sh starts one); without it only Metronome runs
          --postgres-bin DIR     where pgbench and psql are (scripts/postgres.sh bin)
        """;

    public int Connections { get; init; } = 64;
    public int BatchConnections { get; init; } = 64;
    public int Batch { get; init; } = 1000;
    public int DurationSeconds { get; init; } = 15;
    public int WarmupSeconds { get; init; } = 3;
    public int Threads { get; init; } = 2;
    public string? WorkDir { get; init; }
    public string? ReportDir { get; init; }
    public string? Cli { get; init; }
    public int? PostgresPort { get; init; }
    public string PostgresBin { get; init; } = "/usr/bin";
    public string PostgresUser { get; init; } = "postgres";

    public static TickLoadOptions? Parse(string[] args, out string? error)
    {
        var options = new TickLoadOptions();
        error = null;
        for (int i = 0; i < args.Length; i += 2)
        {
            string arg = args[i];
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            int number = 0;
            bool isNumber = value is not null && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out number) && number > 0;
            TickLoadOptions? next = (arg, value) switch
            {
                (_, null) => null,
                ("--connections", _) when isNumber => options with { Connections = number },
                ("--batch-connections", _) when isNumber => options with { BatchConnections = number },
                ("--batch", _) when isNumber => options with { Batch = number },
                ("--duration", _) when isNumber => options with { DurationSeconds = number },
                ("--warmup", _) when isNumber || value == "0" => options with { WarmupSeconds = number },
                ("--threads", _) when isNumber => options with { Threads = number },
                ("--work", _) => options with { WorkDir = value },
                ("--report-dir", _) => options with { ReportDir = value },
                ("--cli", _) => options with { Cli = value },
                ("--postgres-port", _) when isNumber => options with { PostgresPort = number },
                ("--postgres-bin", _) => options with { PostgresBin = value },
                ("--postgres-user", _) => options with { PostgresUser = value },
                _ => null,
            };
            if (next is null)
            {
                error = $"bad or incomplete argument '{arg}'";
                return null;
            }
            options = next;
        }
        return options;
    }
}
