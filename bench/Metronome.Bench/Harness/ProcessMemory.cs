using System.Globalization;

namespace Metronome.Bench.Harness;

/// <summary>
/// Peak resident memory of another process from /proc (Linux). The kernel's high-water mark (VmHWM) is
/// reset first where allowed, and VmRSS is sampled as well in case it is not.
/// </summary>
public sealed class ProcessMemory : IAsyncDisposable
{
    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private long _sampledPeak;

    private ProcessMemory(int pid)
    {
        _pid = pid;
        ResetHighWaterMark(pid);
        _sampler = Task.Run(SampleAsync);
    }

    /// <summary>Starts watching <paramref name="pid"/>; dispose or call <see cref="StopAsync"/> to read the peak.</summary>
    public static ProcessMemory Watch(int pid) => new(pid);

    /// <summary>Stops sampling and returns the peak RSS in bytes since <see cref="Watch"/>.</summary>
    public async Task<long> StopAsync()
    {
        if (!_stop.IsCancellationRequested)
            await _stop.CancelAsync();
        await _sampler;
        return Math.Max(_sampledPeak, ReadStatusKiB(_pid, "VmHWM:") * 1024);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    /// <summary>A status field such as "VmRSS:" in KiB, or 0 when the process or field is gone.</summary>
    public static long ReadStatusKiB(int pid, string field)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(field.Length).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return 0;
    }

    /// <summary>Writing 5 to clear_refs resets VmHWM (Linux 4.0+); needs the same user or root.</summary>
    private static void ResetHighWaterMark(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            do
                _sampledPeak = Math.Max(_sampledPeak, ReadStatusKiB(_pid, "VmRSS:") * 1024);
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
        }
    }
}
