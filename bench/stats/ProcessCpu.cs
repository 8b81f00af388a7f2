using System.Diagnostics;
using System.Globalization;

namespace Metronome.StatsBench;

/// <summary>
/// CPU time used by a process so far (user + system), the steadier figure on a shared machine: other work
/// stretches wall times, much less the CPU a query needs. Metronome runs in this process; ClickHouse's
/// server is read from /proc/PID/stat (clock ticks of 10 ms).
/// </summary>
public static class ProcessCpu
{
    public static TimeSpan Self()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>Null when the process cannot be read (not Linux, no such pid).</summary>
    public static TimeSpan? Of(int pid)
    {
        string path = $"/proc/{pid}/stat";
        if (!File.Exists(path))
        {
            return null;
        }

        // Fields after the command (in parentheses, which may hold spaces): utime is the 14th, stime the 15th.
        string stat = File.ReadAllText(path);
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }
}
