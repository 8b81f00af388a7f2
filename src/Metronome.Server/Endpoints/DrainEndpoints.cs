using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Core.Time;
using Metronome.Ingest;
using Metronome.Server.Apps;
using Metronome.Server.Auth;
using Metronome.Server.Drains;
using Metronome.Server.Hosting;
using Metronome.Server.Observability;
using Metronome.Server.Problems;
using Metronome.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Metronome.Server.Endpoints;

/// <summary>
/// <c>POST /drains/logplex</c>: Heroku HTTPS log drains (<c>application/logplex-1</c>). Answers 204 only once
/// the batch is durable; 429/503 with Retry-After under back-pressure, which Logplex retries; a redelivered
/// Logplex-Frame-Id is acknowledged without storing it again. Unparseable bytes are stored, never refused.
/// </summary>
public static class DrainEndpoints
{
    public const string LogplexContentType = "application/logplex-1";

    public static IEndpointRouteBuilder MapDrains(this IEndpointRouteBuilder app)
    {
        app.MapPost("/drains/logplex", PostLogplex);
        return app;
    }

    private static async Task<IResult> PostLogplex(HttpRequest request, AppRegistry registry, IEventStore store, FrameLedger ledger, DrainOptions drainOptions, ServerOptions options, ServerMetrics metrics, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (key, failure) = RequestKeys.Require(request, registry, KeyKind.Write);
        if (failure is not null)
        {
            metrics.Rejected("auth");
            return failure;
        }

        if (!IsLogplex(request.ContentType))
        {
            metrics.Rejected("content_type");
            return Problem.Of(StatusCodes.Status415UnsupportedMediaType, "unsupported-content-type", "Unsupported content type",
                $"Content-Type '{request.ContentType}' is not accepted here; Logplex sends {LogplexContentType}", "Content-Type", "use " + LogplexContentType);
        }

        using var body = await RequestBody.ReadAsync(request, options.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body.Error is not null)
        {
            metrics.Rejected(body.TooLarge ? "too_large" : "bad_body");
            return body.TooLarge
                ? Problem.Of(StatusCodes.Status413PayloadTooLarge, "body-too-large", "The body is too large", body.Error, "body", body.Error)
                : Problem.BadRequest("bad-body", "body", body.Error);
        }

        string drain = request.Headers["Logplex-Drain-Token"].ToString();
        string frameId = request.Headers["Logplex-Frame-Id"].ToString();
        using var claim = frameId.Length == 0 ? null : await ledger.ClaimAsync(key!.App, drain, frameId, cancellationToken).ConfigureAwait(false);
        if (claim is { IsDuplicate: true })
        {
            metrics.Accepted("logplex_redelivered_frames", 1);
            return Results.NoContent();
        }

        var context = ContextOf(request, key!.App, drain, frameId, clock);
        var errors = new List<DecodeError>();
        var writer = DrainBatchWriters.Rent();
        EventBatch batch;
        int decoded;
        bool marked;
        try
        {
            (batch, decoded, marked) = LogplexRequestDecoder.Decode(body.Span, context, writer, errors,
                frame => claim is not null && FrameMarker.IsNeeded(frame, context, drainOptions));
        }
        finally
        {
            DrainBatchWriters.Return(writer);
        }

        // The log keeps the body as it arrived (the request waits for it, so the pooled bytes stay put).
        var wire = LogplexWireCodec.Of(context, marked, body.Memory);
        if (batch.Count > 0 && await RequestAppend.AppendAsync(store, batch, wire, metrics, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        claim?.Commit();
        metrics.Accepted("logplex", decoded);
        DecodeErrorMetrics.Count(metrics, "logplex", errors);
        return Results.NoContent();
    }

    /// <summary><c>?category=</c> and <c>?name=</c> label the events the way Sumo Logic's source fields do;
    /// the drain token and frame id go on every event (see <see cref="FrameLedger"/>).</summary>
    private static DrainContext ContextOf(HttpRequest request, string app, string drain, string frameId, TimeProvider clock)
    {
        string? category = request.Query["category"];
        string? name = request.Query["name"];
        var tags = new List<KeyValuePair<string, FieldValue>>(2);
        if (drain.Length > 0)
        {
            tags.Add(KeyValuePair.Create(DrainFieldNames.Drain, FieldValue.From(drain)));
        }

        if (frameId.Length > 0)
        {
            tags.Add(KeyValuePair.Create(DrainFieldNames.FrameId, FieldValue.From(frameId)));
        }

        return new DrainContext(app, UnixTime.ReceiptNow(clock))
        {
            SourceCategory = string.IsNullOrEmpty(category) ? DrainContext.DefaultSourceCategory : category,
            SourceName = string.IsNullOrEmpty(name) ? drain : name,
            Tags = tags,
        };
    }

    private static bool IsLogplex(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        int semicolon = contentType.IndexOf(';');
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().Equals(LogplexContentType, StringComparison.OrdinalIgnoreCase);
    }
}
