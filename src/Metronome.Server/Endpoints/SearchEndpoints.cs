using System.Text;
using System.Text.Json;
using Metronome.Query.Diagnostics;
using Metronome.Query.Execution;
using Metronome.Query.Sources;
using Metronome.Server.Apps;
using Metronome.Server.Auth;
using Metronome.Server.Problems;
using Metronome.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Metronome.Server.Endpoints;

/// <summary><c>POST /api/search</c> with a read key: runs a query over the key's app and answers
/// <c>{columns, rows, stats}</c> (or CSV with <c>Accept: text/csv</c>). Query errors are 400 (limits
/// hit while running 422) problem+json with the stable code and the position in <c>errors</c>.</summary>
public static class SearchEndpoints
{
    private const int MaxLimit = 10_000;
    private static readonly TimeSpan DefaultRange = TimeSpan.FromDays(1);

    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/search", SearchAsync);
        return app;
    }

    private static async Task<IResult> SearchAsync(HttpContext context, AppRegistry registry, IEventStore store, TimeProvider clock)
    {
        var (key, failure) = RequestKeys.Require(context.Request, registry, KeyKind.Read);
        if (failure is not null)
        {
            return failure;
        }

        var cancellation = context.RequestAborted;
        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: cancellation);
        }
        catch (JsonException e)
        {
            return Problem.BadRequest("invalid-json", "body", e.Message);
        }

        using (body)
        {
            var (request, invalid) = ReadRequest(body.RootElement, key!.App, clock, context.RequestServices.GetService(typeof(Metronome.Query.Execution.IGeoLookup)) as Metronome.Query.Execution.IGeoLookup);
            if (invalid is not null)
            {
                return invalid;
            }

            QueryResult result;
            try
            {
                result = await QueryEngine.ExecuteAsync(request!, new StoreEventSource(store), cancellation);
            }
            catch (QueryException e)
            {
                return QueryProblem(e.Diagnostic);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                // The client went away: nobody reads the answer.
                return Results.StatusCode(499);
            }

            return WantsCsv(context.Request) ? new CsvResult(result) : new JsonResult(result);
        }
    }

    private static (QueryRequest? Request, IResult? Failure) ReadRequest(JsonElement root, string app, TimeProvider clock, Metronome.Query.Execution.IGeoLookup? geo)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, Problem.BadRequest("invalid-json", "body", "expected a JSON object"));
        }

        if (!root.TryGetProperty("query", out var query) || query.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(query.GetString()))
        {
            return (null, Problem.BadRequest("invalid-field", "query", "expected the query text as a string"));
        }

        var now = clock.GetUtcNow();
        if (!TryTime(root, "to", now, now, out var to))
        {
            return (null, Problem.BadRequest("invalid-field", "to", "expected an ISO 8601 time, epoch milliseconds, 'now' or a relative time such as -1d"));
        }

        if (!TryTime(root, "from", now, to - DefaultRange, out var from))
        {
            return (null, Problem.BadRequest("invalid-field", "from", "expected an ISO 8601 time, epoch milliseconds, 'now' or a relative time such as -1d"));
        }

        var variables = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (root.TryGetProperty("vars", out var vars) && vars.ValueKind == JsonValueKind.Object)
        {
            foreach (var variable in vars.EnumerateObject())
            {
                variables[variable.Name] = variable.Value.ValueKind == JsonValueKind.String ? variable.Value.GetString()! : variable.Value.GetRawText();
            }
        }

        if (!TryInt(root, "offset", 0, int.MaxValue, out var offset) || !TryInt(root, "limit", 0, MaxLimit, out var limit))
        {
            return (null, Problem.BadRequest("invalid-field", "offset", $"offset and limit are whole numbers, limit at most {MaxLimit}"));
        }

        var request = new QueryRequest
        {
            Query = query.GetString()!,
            App = app,
            From = from,
            To = to,
            TimeZone = root.TryGetProperty("tz", out var tz) && tz.ValueKind == JsonValueKind.String ? tz.GetString()! : "UTC",
            Variables = variables,
            Offset = offset ?? 0,
            Limit = limit,
            Clock = clock,
            Geo = geo,
        };
        return (request, null);
    }

    private static bool TryTime(JsonElement root, string name, DateTimeOffset now, DateTimeOffset fallback, out DateTimeOffset time)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            time = fallback;
            return true;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var ms))
        {
            time = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            return true;
        }

        time = default;
        return value.ValueKind == JsonValueKind.String && TimeExpressions.TryParse(value.GetString(), now, out time);
    }

    private static bool TryInt(JsonElement root, string name, int min, int max, out int? number)
    {
        number = null;
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n >= min && n <= max)
        {
            number = n;
            return true;
        }

        return false;
    }

    private static IResult QueryProblem(Diagnostic diagnostic)
    {
        // 4xxx are limits hit while running (too many groups or rows): the query is valid but too big.
        var status = diagnostic.Code.StartsWith("MQL4", StringComparison.Ordinal) ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status400BadRequest;
        var details = new SearchErrorDetails(
            diagnostic.HasPosition ? diagnostic.Line : null,
            diagnostic.HasPosition ? diagnostic.Column : null,
            diagnostic.HasPosition ? diagnostic.Offset : null,
            diagnostic.HasPosition ? diagnostic.Length : null,
            Expected(diagnostic.Message));
        var detail = diagnostic.HasPosition ? $"{diagnostic.Message} at {diagnostic.Line}:{diagnostic.Column}" : diagnostic.Message;
        return Problem.Of(status, diagnostic.Code, status == StatusCodes.Status400BadRequest ? "The query is invalid" : "The query hit a limit", detail, "query", detail, details);
    }

    /// <summary>The "what was expected" part of a parser message ("expected a field name after 'by' but found ...").</summary>
    private static string? Expected(string message)
    {
        if (!message.StartsWith("expected ", StringComparison.Ordinal))
        {
            return null;
        }

        var end = message.IndexOf(" but found", StringComparison.Ordinal);
        return end < 0 ? message["expected ".Length..] : message["expected ".Length..end];
    }

    private static bool WantsCsv(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains("text/csv", StringComparison.OrdinalIgnoreCase));

    private sealed class JsonResult(QueryResult result) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            await using var writer = new Utf8JsonWriter(httpContext.Response.Body);
            ResultWriter.WriteJson(result, writer);
            await writer.FlushAsync(httpContext.RequestAborted);
        }
    }

    private sealed class CsvResult(QueryResult result) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.ContentType = "text/csv; charset=utf-8";
            await using var writer = new StreamWriter(httpContext.Response.Body, new UTF8Encoding(false));
            ResultWriter.WriteCsv(result, writer);
            await writer.FlushAsync(httpContext.RequestAborted);
        }
    }
}

/// <summary>Where a query error is (1-based line and column in the text as written, offset and length)
/// and what the parser expected there; the <c>errors</c> member of the problem body.</summary>
public sealed record SearchErrorDetails(int? Line, int? Column, int? Offset, int? Length, string? Expected);
