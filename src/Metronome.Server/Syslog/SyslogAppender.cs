using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Server.Observability;
using Metronome.Storage;

namespace Metronome.Server.Syslog;

/// <summary>Appends a listener's batch, waiting out back-pressure instead of dropping: while it waits, the
/// listener reads nothing more, so TCP senders slow down (UDP ones overflow into counted drops).</summary>
internal static class SyslogAppender
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(1);

    public static Task AppendUntilStoredAsync(IEventStore store, IReadOnlyList<Event> events, ServerMetrics metrics, string source, CancellationToken cancellationToken) =>
        events.Count == 0 ? Task.CompletedTask : AppendUntilStoredAsync(store, EventBatch.From(events), metrics, source, cancellationToken);

    public static async Task AppendUntilStoredAsync(IEventStore store, EventBatch events, ServerMetrics metrics, string source, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        var delay = FirstDelay;
        while (true)
        {
            try
            {
                await store.AppendAsync(events, cancellationToken).ConfigureAwait(false);
                metrics.Accepted(source, events.Count);
                return;
            }
            catch (Exception ex) when (ex is StoreBusyException or StoreUnavailableException)
            {
                metrics.Rejected(source + (ex is StoreBusyException ? "_backpressure_waits" : "_store_unavailable_waits"));
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = delay * 2 > MaxDelay ? MaxDelay : delay * 2;
            }
        }
    }
}
