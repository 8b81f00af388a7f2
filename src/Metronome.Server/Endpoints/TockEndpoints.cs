using System.Globalization;
using Metronome.Server.Apps;
using Metronome.Server.Auth;
using Metronome.Server.Problems;
using Metronome.Server.Tock;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Metronome.Server.Endpoints;

/// <summary><c>GET /tock/:id.json?from=YYYY-MM-DD&amp;to=YYYY-MM-DD&amp;tz=Zone</c> with a read key.</summary>
public static class TockEndpoints
{
    private const int MaxDays = 3660;

    public static IEndpointRouteBuilder MapTock(this IEndpointRouteBuilder app)
    {
        app.MapGet("/tock/{id}.json", GetTock);
        return app;
    }

    private static IResult GetTock(string id, HttpRequest request, AppRegistry registry, TockService tock, TimeProvider clock)
    {
        var (key, failure) = RequestKeys.Require(request, registry, KeyKind.Read);
        if (failure is not null)
        {
            return failure;
        }

        TimeZoneInfo zone = TimeZoneInfo.Utc;
        string? tz = request.Query["tz"];
        if (!string.IsNullOrEmpty(tz) && !TimeZoneInfo.TryFindSystemTimeZoneById(tz, out zone!))
        {
            return Problem.BadRequest("invalid-field", "tz", $"'{tz}' is not a known IANA time zone (for example Europe/Berlin)");
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
        if (!TryDay(request.Query["to"], today, out var to))
        {
            return Problem.BadRequest("invalid-field", "to", "expected a day as YYYY-MM-DD");
        }

        if (!TryDay(request.Query["from"], to.AddDays(-29), out var from))
        {
            return Problem.BadRequest("invalid-field", "from", "expected a day as YYYY-MM-DD");
        }

        if (from > to)
        {
            return Problem.BadRequest("invalid-field", "from", "'from' must not be after 'to'");
        }

        if (to.DayNumber - from.DayNumber >= MaxDays)
        {
            return Problem.BadRequest("invalid-field", "from", $"the range may span at most {MaxDays} days");
        }

        var result = tock.Get(key!.App, id, from, to, zone);
        return Results.Json(
            new Dictionary<string, Dictionary<string, long>>
            {
                ["views"] = result.Views,
                ["downloads"] = result.Downloads,
                ["referers"] = result.Referers,
            },
            ServerJson.Default.DictionaryStringDictionaryStringInt64);
    }

    private static bool TryDay(string? text, DateOnly fallback, out DateOnly day)
    {
        if (string.IsNullOrEmpty(text))
        {
            day = fallback;
            return true;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }
}
