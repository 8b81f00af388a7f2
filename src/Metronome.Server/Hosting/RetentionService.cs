using Metronome.Server.Apps;
using Metronome.Storage;
using Microsoft.Extensions.Hosting;

namespace Metronome.Server.Hosting;

/// <summary>Drops partitions older than each app's retention, periodically.</summary>
public sealed class RetentionService(EventStore store, AppRegistry registry, ServerOptions options, TimeProvider clock) : BackgroundService
{
    public int RunOnce()
    {
        var retention = registry.Apps
            .Where(a => a.RetentionDays is > 0)
            .ToDictionary(a => a.Name, a => TimeSpan.FromDays(a.RetentionDays!.Value), StringComparer.Ordinal);
        return retention.Count == 0 ? 0 : store.ApplyRetention(retention);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.RetentionInterval, clock);
        do
        {
            try
            {
                RunOnce();
            }
            catch (IOException ex)
            {
                Console.Error.WriteLine($"metronome: retention failed, will retry: {ex.Message}");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
