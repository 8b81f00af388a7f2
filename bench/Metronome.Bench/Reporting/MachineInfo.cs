using System.Globalization;
using System.Runtime.InteropServices;

namespace Metronome.Bench.Reporting;

/// <summary>The machine a run happened on, for the report (read from /proc on Linux).</summary>
public sealed record MachineInfo(string Cpu, int Cores, long MemoryBytes, string OperatingSystem, string Runtime)
{
    public static MachineInfo Current() => new(
        ProcField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        Environment.ProcessorCount,
        MemTotalBytes(),
        OsName(),
        RuntimeInformation.FrameworkDescription);

    /// <summary>The 1, 5 and 15 minute load averages, e.g. "1.02 0.80 0.55": other work on a shared machine skews timings.</summary>
    public static string LoadAverage() =>
        ReadFirstLine("/proc/loadavg") is { } line ? string.Join(' ', line.Split(' ').Take(3)) : "unknown";

    private static string OsName()
    {
        string? pretty = ProcField("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"');
        string? kernel = ReadFirstLine("/proc/sys/kernel/osrelease");
        return pretty is null ? RuntimeInformation.OSDescription : kernel is null ? pretty : $"{pretty}, Linux {kernel}";
    }

    private static long MemTotalBytes()
    {
        string? kib = ProcField("/proc/meminfo", "MemTotal")?.Replace("kB", "").Trim();
        return long.TryParse(kib, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) ? value * 1024 : 0;
    }

    private static string? ProcField(string path, string key, char separator = ':')
    {
        try
        {
            foreach (string line in File.ReadLines(path))
            {
                int at = line.IndexOf(separator);
                if (at > 0 && line[..at].Trim() == key)
                    return line[(at + 1)..].Trim();
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return null;
    }

    private static string? ReadFirstLine(string path)
    {
        try
        {
            return File.ReadLines(path).FirstOrDefault()?.Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
