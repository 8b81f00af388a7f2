using System.Globalization;
using System.Text.RegularExpressions;

namespace Metronome.Bench.TickLoad;

/// <summary>
/// PostgreSQL's own load driver: runs a custom script from N clients for a fixed time (-n: no vacuum of
/// pgbench's tables, which we do not use) and logs every transaction's latency (-l) for the percentiles.
/// </summary>
public sealed partial class Pgbench(string binDir, string host, int port, string user, string database, int threads)
{
    public async Task<LoadFigures> RunAsync(string scriptFile, int clients, TimeSpan duration, int eventsPerTransaction, string logDir,
        CancellationToken ct)
    {
        Directory.CreateDirectory(logDir);
        foreach (string old in Directory.EnumerateFiles(logDir, "pgbench_log*"))
            File.Delete(old);
        string prefix = Path.Combine(logDir, "pgbench_log");
        string output = await ToolProcess.RunCheckedAsync(Path.Combine(binDir, "pgbench"),
        [
            "-h", host, "-p", port.ToString(CultureInfo.InvariantCulture), "-U", user,
            "-n",
            "-c", clients.ToString(CultureInfo.InvariantCulture),
            "-j", Math.Min(threads, clients).ToString(CultureInfo.InvariantCulture),
            "-T", ((int)Math.Ceiling(duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
            "-f", scriptFile,
            "-l", "--log-prefix", prefix,
            database,
        ], ct);

        Match processed = ProcessedLine().Match(output);
        Match tps = TpsLine().Match(output);
        if (!processed.Success || !tps.Success)
            throw new FormatException("unexpected pgbench output:\n" + output);
        long failed = FailedLine().Match(output) is { Success: true } f ? long.Parse(f.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var latenciesMs = ReadLatencies(logDir);
        latenciesMs.Sort();
        return new LoadFigures(
            long.Parse(processed.Groups[1].Value, CultureInfo.InvariantCulture),
            duration.TotalSeconds,
            double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture),
            At(latenciesMs, 0.50),
            At(latenciesMs, 0.99),
            failed,
            eventsPerTransaction);
    }

    /// <summary>Per-transaction log lines: "client_id transaction_no latency_us script_no epoch_s epoch_us".</summary>
    private static List<double> ReadLatencies(string logDir)
    {
        var latencies = new List<double>();
        foreach (string file in Directory.EnumerateFiles(logDir, "pgbench_log*"))
        {
            foreach (string line in File.ReadLines(file))
            {
                string[] fields = line.Split(' ');
                if (fields.Length >= 3 && long.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out long us))
                    latencies.Add(us / 1000.0);
            }
        }
        return latencies;
    }

    private static double At(List<double> sorted, double level) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(level * sorted.Count))];

    [GeneratedRegex(@"number of transactions actually processed:\s+(\d+)")]
    private static partial Regex ProcessedLine();

    [GeneratedRegex(@"tps = ([\d.]+) \(without initial connection time\)")]
    private static partial Regex TpsLine();

    [GeneratedRegex(@"number of failed transactions:\s+(\d+)")]
    private static partial Regex FailedLine();
}
