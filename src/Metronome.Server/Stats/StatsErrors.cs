using System.Text.Json;
using Metronome.Server.Problems;
using Microsoft.AspNetCore.Http;

namespace Metronome.Server.Stats;

/// <summary>
/// Refusals of the stats API: Plausible clients read <c>error</c>; the RFC 7807 members (<c>type</c>,
/// <c>title</c>, <c>status</c>, <c>detail</c>, <c>code</c>, <c>field</c>, <c>reason</c>) sit beside it, as on
/// every other Metronome endpoint.
/// </summary>
public static class StatsErrors
{
    public static IResult Of(int status, string code, string title, string field, string message) => new ErrorResult(status, code, title, field, message);

    public static IResult BadRequest(string field, string message) =>
        Of(StatusCodes.Status400BadRequest, "invalid-query", "The query is invalid", field, message);

    private sealed class ErrorResult(int status, string code, string title, string field, string message) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => status;

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = Problem.ContentType;
            await using var json = new Utf8JsonWriter(httpContext.Response.Body, Output.StatsJsonWriter.Options);
            json.WriteStartObject();
            json.WriteString("error", message);
            json.WriteString("type", "urn:metronome:problem:" + code);
            json.WriteString("title", title);
            json.WriteNumber("status", status);
            json.WriteString("detail", message);
            json.WriteString("code", code);
            json.WriteString("field", field);
            json.WriteString("reason", message);
            json.WriteEndObject();
        }
    }
}
