using System.Globalization;
using System.Text.RegularExpressions;

namespace Metronome.Bench.TickLoad;

/// <summary>Drives Debian's wrk (keep-alive HTTP/1.1, a C event loop, light on CPU) with post-file.lua and reads its summary.</summary>
public sealed partial class Wrk(string luaScript, int threads)
{
    public async Task<LoadFigures> PostAsync(Uri url, string bodyFile, string writeKey, string contentType, int connections, TimeSpan duration,
        int eventsPerRequest, CancellationToken ct)
    {
        string output = await ToolProcess.RunCheckedAsync("wrk",
        [
            "-t", threads.ToString(CultureInfo.InvariantCulture),
            "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{(int)Math.Ceiling(duration.TotalSeconds)}s",
            "--timeout", "30s",
            "--latency",
            "-s", luaScript,
            url.ToString(),
            "--", bodyFile, writeKey, contentType,
        ], ct);
        return Parse(output, eventsPerRequest);
    }

    /// <summary>Reads "N requests in Ts", "Requests/sec", the 50% and 99% latency lines and the error counts.</summary>
    public static LoadFigures Parse(string output, int eventsPerRequest)
    {
        Match total = TotalLine().Match(output);
        Match rate = RateLine().Match(output);
        if (!total.Success || !rate.Success)
            throw new FormatException("unexpected wrk output:\n" + output);
        long failures = 0;
        if (Non2xxLine().Match(output) is { Success: true } non2xx)
            failures += long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture);
        if (SocketErrorsLine().Match(output) is { Success: true } socket)
            failures += Enumerable.Range(1, 4).Sum(g => long.Parse(socket.Groups[g].Value, CultureInfo.InvariantCulture));
        return new LoadFigures(
            long.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture),
            Duration(total.Groups[2].Value, total.Groups[3].Value),
            double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture),
            Percentile(output, "50"),
            Percentile(output, "99"),
            failures,
            eventsPerRequest);
    }

    private static double Percentile(string output, string level)
    {
        Match m = Regex.Match(output, $@"^\s+{level}(?:\.0+)?%\s+([\d.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline);
        if (!m.Success)
            throw new FormatException($"wrk printed no {level}% latency (is --latency set?):\n{output}");
        return Duration(m.Groups[1].Value, m.Groups[2].Value) * 1000;
    }

    /// <summary>A wrk duration in seconds.</summary>
    private static double Duration(string number, string unit) => double.Parse(number, CultureInfo.InvariantCulture) * unit switch
    {
        "us" => 1e-6,
        "ms" => 1e-3,
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        _ => throw new FormatException($"unknown wrk time unit '{unit}'"),
    };

    [GeneratedRegex(@"^\s+(\d+) requests in ([\d.]+)(us|ms|s|m|h)", RegexOptions.Multiline)]
    private static partial Regex TotalLine();

    [GeneratedRegex(@"^Requests/sec:\s+([\d.]+)", RegexOptions.Multiline)]
    private static partial Regex RateLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xxLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrorsLine();
}
