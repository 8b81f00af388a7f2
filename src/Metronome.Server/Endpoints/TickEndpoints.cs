using Metronome.Core.Time;
using Metronome.Ingest.Ticks;
using Metronome.Server.Apps;
using Metronome.Server.Auth;
using Metronome.Server.Hosting;
using Metronome.Server.Observability;
using Metronome.Server.Problems;
using Metronome.Server.Stats.Enrichment;
using Metronome.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Metronome.Server.Endpoints;

/// <summary><c>POST /tick</c> (JSON hash, JSON array, NDJSON, form; gzip) and <c>GET /tick.gif</c>.</summary>
public static class TickEndpoints
{
    /// <summary>A transparent 1x1 GIF, the answer to image beacons.</summary>
    private static readonly byte[] Pixel = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    public static IEndpointRouteBuilder MapTicks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/tick", PostTick);
        app.MapGet("/tick.gif", GetTickGif);
        return app;
    }

    private static async Task<IResult> PostTick(HttpRequest request, AppRegistry registry, IEventStore store, ServerOptions options, ServerMetrics metrics, TimeProvider clock, TickEnrichment enrichment, CancellationToken cancellationToken)
    {
        var (key, failure) = RequestKeys.Require(request, registry, KeyKind.Write);
        if (failure is not null)
        {
            metrics.Rejected("auth");
            return failure;
        }

        using var body = await RequestBody.ReadAsync(request, options.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body.Error is not null)
        {
            metrics.Rejected(body.TooLarge ? "too_large" : "bad_body");
            return body.TooLarge
                ? Problem.Of(StatusCodes.Status413PayloadTooLarge, "body-too-large", "The body is too large", body.Error, "body", body.Error)
                : Problem.BadRequest("bad-body", "body", body.Error);
        }

        if (body.Length == 0)
        {
            metrics.Rejected("empty_body");
            return Problem.BadRequest("empty-body", "body", "the body is empty; send a JSON object, a JSON array or NDJSON");
        }

        var decoder = new TickDecoder(options.Ticks) { Enricher = enrichment.ForRequest(key!.App, request) };
        var context = TickContextOf(key.App, request, clock);
        string mediaType = MediaTypeOf(request.ContentType);
        TickDecodeResult result;
        switch (mediaType)
        {
            case "" or "application/json" or "text/plain":
                result = decoder.DecodeJson(body.Span, context);
                break;
            case "application/x-ndjson" or "application/jsonlines" or "application/jsonl" or "application/x-jsonlines":
                result = decoder.DecodeNdjson(body.Span, context);
                break;
            case "application/x-www-form-urlencoded":
                var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(body.Span));
                result = decoder.DecodeForm(form.Select(p => KeyValuePair.Create(p.Key, p.Value.ToString())), context);
                break;
            default:
                metrics.Rejected("content_type");
                return Problem.Of(StatusCodes.Status415UnsupportedMediaType, "unsupported-content-type", "Unsupported content type",
                    $"Content-Type '{request.ContentType}' is not accepted; use application/json, application/x-ndjson or application/x-www-form-urlencoded",
                    "Content-Type", "use application/json, application/x-ndjson or application/x-www-form-urlencoded");
        }

        return await Store(result, store, metrics, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> GetTickGif(HttpRequest request, AppRegistry registry, IEventStore store, ServerOptions options, ServerMetrics metrics, TimeProvider clock, TickEnrichment enrichment, CancellationToken cancellationToken)
    {
        var (key, failure) = RequestKeys.Require(request, registry, KeyKind.Write);
        if (failure is not null)
        {
            metrics.Rejected("auth");
            return failure;
        }

        var decoder = new TickDecoder(options.Ticks) { Enricher = enrichment.ForRequest(key!.App, request) };
        var context = TickContextOf(key.App, request, clock);
        var result = decoder.DecodeForm(request.Query.Select(p => KeyValuePair.Create(p.Key, p.Value.ToString())), context);
        var answer = await Store(result, store, metrics, cancellationToken).ConfigureAwait(false);
        return answer is IStatusCodeHttpResult { StatusCode: StatusCodes.Status202Accepted }
            ? Results.Bytes(Pixel, "image/gif")
            : answer;
    }

    /// <summary>Appends the good events (durably) and answers 202 with the count, listing bad ones.</summary>
    private static async Task<IResult> Store(TickDecodeResult result, IEventStore store, ServerMetrics metrics, CancellationToken cancellationToken)
    {
        using var decoded = result;
        if (result.BodyError is { } bodyError)
        {
            metrics.Rejected("bad_body");
            return Problem.Of(StatusCodes.Status400BadRequest, "bad-body", "The body could not be read", bodyError.Reason, bodyError.Field ?? "body", bodyError.Reason,
                result.Errors.Count > 0 ? result.Errors.ToArray() : null);
        }

        if (result.Errors.Count > 0)
        {
            metrics.Rejected("invalid_event", result.Errors.Count);
        }

        if (result.AcceptedCount == 0)
        {
            var first = result.Errors[0];
            return Problem.Of(StatusCodes.Status400BadRequest, "invalid-event", "No event was accepted",
                result.Errors.Count == 1 ? $"{first.Field ?? "tick"}: {first.Reason}" : $"all {result.Errors.Count} events were refused",
                first.Field, first.Reason, result.Errors.ToArray());
        }

        int accepted = result.AcceptedCount;
        var batch = result.ToBatch();
        result.Dispose();
        if (await RequestAppend.AppendAsync(store, batch, metrics, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        metrics.Accepted("tick", accepted);
        return Results.Json(
            new TickAccepted(accepted, result.Errors.Count, result.Errors.Count > 0 ? result.Errors.ToArray() : null),
            ServerJson.Default.TickAccepted,
            statusCode: StatusCodes.Status202Accepted);
    }

    private static TickContext TickContextOf(string app, HttpRequest request, TimeProvider clock)
    {
        long now = UnixTime.NowMicroseconds(clock);
        return new TickContext(app, UnixTime.ToReceiptTime(now), request.Headers.Referer, now);
    }

    private static string MediaTypeOf(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return "";
        }

        int semicolon = contentType.IndexOf(';');
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
    }
}

public sealed record TickAccepted(int Accepted, int Rejected, TickError[]? Errors);
