using Metronome.Core.Events.Batches;
using Metronome.Server.Observability;
using Metronome.Server.Problems;
using Metronome.Storage;
using Microsoft.AspNetCore.Http;

namespace Metronome.Server.Endpoints;

/// <summary>How an endpoint stores a request's events: durably, answering 429 (back-pressure, retry in
/// a second) or 503 (nothing can be written) when the store refuses.</summary>
internal static class RequestAppend
{
    /// <summary>Appends an encoded batch: null once its events are durable, else the problem to answer.</summary>
    public static Task<IResult?> AppendAsync(IEventStore store, EventBatch batch, ServerMetrics metrics, CancellationToken cancellationToken) =>
        AppendAsync(store, batch, null, metrics, cancellationToken);

    /// <summary>As above, handing the store the <paramref name="wire"/> bytes the batch came from, which
    /// must stay unchanged until this completes.</summary>
    public static async Task<IResult?> AppendAsync(IEventStore store, EventBatch batch, WireForm? wire, ServerMetrics metrics, CancellationToken cancellationToken)
    {
        int count = batch.Count;
        try
        {
            await (wire is { } logged ? store.AppendAsync(batch, logged, cancellationToken) : store.AppendAsync(batch, cancellationToken)).ConfigureAwait(false);
            return null;
        }
        catch (StoreBusyException ex)
        {
            metrics.Rejected("backpressure", count);
            return Problem.Of(StatusCodes.Status429TooManyRequests, "busy", "The store is catching up", ex.Message, retryAfterSeconds: 1);
        }
        catch (StoreUnavailableException ex)
        {
            metrics.Rejected("store_unavailable", count);
            return Problem.Of(StatusCodes.Status503ServiceUnavailable, "store-unavailable", "The store cannot write", ex.Message, retryAfterSeconds: 5);
        }
    }
}
