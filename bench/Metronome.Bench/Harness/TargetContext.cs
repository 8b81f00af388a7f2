namespace Metronome.Bench.Harness;

/// <summary>What a target factory gets: the run's directories and the target-specific options
/// (every `--NAME-key value` argument, e.g. --clickhouse-url, --metronome-data).</summary>
public sealed record TargetContext(string RepoRoot, string WorkDir, string QueriesDir, IReadOnlyDictionary<string, string> Options)
{
    public string? Option(string name) => Options.GetValueOrDefault(name);
}
