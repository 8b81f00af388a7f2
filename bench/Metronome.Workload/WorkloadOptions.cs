namespace Metronome.Workload;

/// <summary>Command line of metronome-workload.</summary>
public sealed record WorkloadOptions(long Events, ulong Seed, string OutPath, bool Gzip, bool SelfCheck)
{
    public const string Usage = """
        usage: metronome-workload --out FILE.ndjson [--events 10000000] [--seed 42] [--gzip] [--self-check]

          --events N      number of events (default 10,000,000)
          --seed S        PRNG seed; the same seed and count give a byte-identical file (default 42)
          --out FILE      output file; FILE.meta.json receives the query parameters
          --gzip          gzip the output (name it .gz so readers know)
          --self-check    read the file back, verify proportions and determinism; exit 1 when off
        """;

    /// <summary>Parses the arguments, or returns null with an error message.</summary>
    public static WorkloadOptions? Parse(string[] args, out string? error)
    {
        long events = 10_000_000;
        ulong seed = 42;
        string? output = null;
        bool gzip = false, selfCheck = false;
        error = null;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            string? Value() => i + 1 < args.Length ? args[++i] : null;
            switch (arg)
            {
                case "--events" when long.TryParse(Value()?.Replace("_", ""), out long n) && n >= 0: events = n; break;
                case "--seed" when ulong.TryParse(Value(), out ulong s): seed = s; break;
                case "--out" when Value() is { } path: output = path; break;
                case "--gzip": gzip = true; break;
                case "--self-check": selfCheck = true; break;
                default:
                    error = $"bad or incomplete argument '{arg}'";
                    return null;
            }
        }
        if (output is null)
        {
            error = "--out is required";
            return null;
        }
        return new WorkloadOptions(events, seed, output, gzip, selfCheck);
    }
}
