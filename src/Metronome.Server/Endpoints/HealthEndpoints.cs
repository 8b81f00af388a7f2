using Metronome.Server.Observability;
using Metronome.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Metronome.Server.Endpoints;

/// <summary><c>/healthz</c> (liveness) and <c>/metrics</c> (Prometheus text).</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Json(new Health("ok"), ServerJson.Default.Health));
        app.MapGet("/metrics", (ServerMetrics metrics, IEventStore store) =>
            Results.Text(metrics.Render(store.GetStatistics()), "text/plain; version=0.0.4; charset=utf-8"));
        return app;
    }

    public sealed record Health(string Status);
}
