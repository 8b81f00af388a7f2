using System.Text;
using System.Text.Json;
using Metronome.Server.Apps;
using Metronome.Server.Auth;
using Metronome.Server.Stats;
using Metronome.Server.Stats.Funnels;
using Metronome.Server.Stats.Output;
using Metronome.Server.Stats.Query;
using Metronome.Storage.Aggregation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Metronome.Server.Endpoints;

/// <summary>
/// The stats API, compatible with Plausible's Stats API v2: <c>POST /api/v2/query</c> (JSON, or CSV with
/// <c>Accept: text/csv</c>), <c>POST /api/v2/funnel</c> and <c>GET /api/v2/realtime/visitors</c>, all with
/// a read key whose app is the <c>site_id</c>.
/// </summary>
public static class StatsEndpoints
{
    private const int MaxQueryBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapStats(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v2");
        group.MapPost("/query", PostQuery);
        group.MapPost("/funnel", PostFunnel);
        group.MapGet("/realtime/visitors", GetRealtimeVisitors);
        return app;
    }

    private static async Task<IResult> PostQuery(HttpRequest request, AppRegistry registry, StatsService stats, CancellationToken cancellationToken)
    {
        var (key, failure) = RequestKeys.Require(request, registry, KeyKind.Read);
        if (failure is not null)
        {
            return failure;
        }

        try
        {
            using var body = await ReadJsonAsync(request, cancellationToken).ConfigureAwait(false);
            var query = StatsQueryParser.Parse(body.RootElement, stats.Now);
            if (SiteMismatch(query.SiteId, key!.App) is { } mismatch)
            {
                return mismatch;
            }

            var result = stats.Query(query, key.App, cancellationToken);
            return WantsCsv(request)
                ? new WriterResult("text/csv; charset=utf-8", stream =>
                {
                    using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
                    StatsCsvWriter.Write(writer, result);
                })
                : new WriterResult("application/json; charset=utf-8", stream =>
                {
                    using var json = new Utf8JsonWriter(stream, StatsJsonWriter.Options);
                    StatsJsonWriter.Write(json, result);
                });
        }
        catch (StatsQueryException ex)
        {
            return StatsErrors.BadRequest(ex.Field, ex.Message);
        }
        catch (TooManyGroupsException ex)
        {
            return StatsErrors.BadRequest("dimensions", ex.Message);
        }
    }

    private static async Task<IResult> PostFunnel(HttpRequest request, AppRegistry registry, StatsService stats, CancellationToken cancellationToken)
    {
        var (key, failure) = RequestKeys.Require(request, registry, KeyKind.Read);
        if (failure is not null)
        {
            return failure;
        }

        try
        {
            using var body = await ReadJsonAsync(request, cancellationToken).ConfigureAwait(false);
            var query = FunnelQuery.Parse(body.RootElement, stats.Now);
            if (SiteMismatch(query.SiteId, key!.App) is { } mismatch)
            {
                return mismatch;
            }

            var result = stats.Funnel(query, key.App, cancellationToken);
            return new WriterResult("application/json; charset=utf-8", stream =>
            {
                using var json = new Utf8JsonWriter(stream, StatsJsonWriter.Options);
                FunnelJsonWriter.Write(json, result);
            });
        }
        catch (StatsQueryException ex)
        {
            return StatsErrors.BadRequest(ex.Field, ex.Message);
        }
    }

    /// <summary>Plausible's realtime endpoint answers a bare number.</summary>
    private static IResult GetRealtimeVisitors(HttpRequest request, AppRegistry registry, StatsService stats, CancellationToken cancellationToken)
    {
        var (key, failure) = RequestKeys.Require(request, registry, KeyKind.Read);
        if (failure is not null)
        {
            return failure;
        }

        string? site = request.Query["site_id"];
        if (string.IsNullOrEmpty(site))
        {
            return StatsErrors.BadRequest("site_id", "site_id is required");
        }

        if (SiteMismatch(site, key!.App) is { } mismatch)
        {
            return mismatch;
        }

        long visitors = stats.RealtimeVisitors(key.App, cancellationToken);
        return Results.Text(visitors.ToString(System.Globalization.CultureInfo.InvariantCulture), "application/json");
    }

    private static IResult? SiteMismatch(string siteId, string app) =>
        siteId == app
            ? null
            : StatsErrors.Of(StatusCodes.Status403Forbidden, "forbidden", "This key may not read that site", "site_id",
                $"Invalid site_id '{siteId}': this read key belongs to '{app}'");

    private static async Task<JsonDocument> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxQueryBytes)
        {
            throw new StatsQueryException("body", $"The query is larger than {MaxQueryBytes} bytes");
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (buffer.Length == 0)
        {
            throw new StatsQueryException("body", "The body is empty; send the query as a JSON object");
        }

        if (buffer.Length > MaxQueryBytes)
        {
            throw new StatsQueryException("body", $"The query is larger than {MaxQueryBytes} bytes");
        }

        try
        {
            return JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        }
        catch (JsonException ex)
        {
            throw new StatsQueryException("body", "The body is not valid JSON: " + ex.Message);
        }
    }

    private static bool WantsCsv(HttpRequest request) =>
        request.Headers.Accept.Any(value => value is not null && value.Contains("text/csv", StringComparison.OrdinalIgnoreCase));

    /// <summary>Writes the answer into a buffer first: the writers are synchronous, Kestrel's body is not.</summary>
    private sealed class WriterResult(string contentType, Action<Stream> write) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            using var buffer = new MemoryStream();
            write(buffer);
            httpContext.Response.ContentType = contentType;
            httpContext.Response.ContentLength = buffer.Length;
            buffer.Position = 0;
            await buffer.CopyToAsync(httpContext.Response.Body, httpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
