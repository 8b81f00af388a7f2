using Microsoft.AspNetCore.Http;

namespace Metronome.Server.Problems;

/// <summary>
/// RFC 7807 problem+json answers. Every refusal names a stable <c>code</c>, and where one member of the
/// input is at fault, the <c>field</c> and the <c>reason</c>.
/// </summary>
public static class Problem
{
    public const string ContentType = "application/problem+json";

    public static IResult Of(int status, string code, string title, string? detail = null, string? field = null, string? reason = null, object? errors = null, int? retryAfterSeconds = null)
    {
        var body = new ProblemBody("urn:metronome:problem:" + code, title, status, detail ?? reason ?? title, code, field, reason ?? detail, errors);
        return new ProblemResult(body, retryAfterSeconds);
    }

    public static IResult BadRequest(string code, string field, string reason) =>
        Of(StatusCodes.Status400BadRequest, code, "The request is invalid", $"{field}: {reason}", field, reason);

    public static IResult Unauthorized(string reason) =>
        Of(StatusCodes.Status401Unauthorized, "unauthorized", "A valid key is required", reason, "key", reason);

    public static IResult Forbidden(string reason) =>
        Of(StatusCodes.Status403Forbidden, "forbidden", "This key may not do that", reason, "key", reason);

    public static IResult NotFound(string field, string reason) =>
        Of(StatusCodes.Status404NotFound, "not-found", "Not found", reason, field, reason);

    public sealed record ProblemBody(string Type, string Title, int Status, string Detail, string Code, string? Field, string? Reason, object? Errors);

    private sealed class ProblemResult(ProblemBody body, int? retryAfterSeconds) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => body.Status;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = body.Status;
            if (retryAfterSeconds is int seconds)
            {
                httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return httpContext.Response.WriteAsJsonAsync(body, ProblemJson.Default.ProblemBody, ContentType);
        }
    }
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
[System.Text.Json.Serialization.JsonSerializable(typeof(Problem.ProblemBody))]
[System.Text.Json.Serialization.JsonSerializable(typeof(Metronome.Ingest.Ticks.TickError[]))]
[System.Text.Json.Serialization.JsonSerializable(typeof(Metronome.Server.Endpoints.SearchErrorDetails))]
internal sealed partial class ProblemJson : System.Text.Json.Serialization.JsonSerializerContext;
