using System.Diagnostics;
using Metronome.Ingest.Web;
using Metronome.Ingest.Web.Mmdb;
using Metronome.Server.Apps;
using Metronome.Server.Drains;
using Metronome.Server.Endpoints;
using Metronome.Server.Observability;
using Metronome.Server.Stats;
using Metronome.Server.Stats.Enrichment;
using Metronome.Server.Syslog;
using Metronome.Server.Tock;
using Metronome.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Metronome.Server.Hosting;

/// <summary>Composes the server: the store, the app registry, the endpoints. Nothing else lives here.</summary>
public static class MetronomeServer
{
    /// <summary>Builds the web application; <paramref name="configure"/> lets tests swap services (e.g. the clock).</summary>
    public static WebApplication Build(ServerOptions options, Action<WebApplicationBuilder>? configure = null, TextWriter? console = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null; // checked per endpoint, to answer with a problem body
            kestrel.Listen(System.Net.IPAddress.Parse(options.Host == "localhost" ? "127.0.0.1" : options.Host), options.Port);
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => EventStore.Open(options.StoreDirectory, options.Store.WithServerCodecs(), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<IEventStore>(sp => sp.GetRequiredService<EventStore>());
        builder.Services.AddSingleton(sp => AppRegistry.Open(options.DataDirectory, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<ServerMetrics>();
        builder.Services.AddSingleton<TockService>();
        // The configured .mmdb is opened once, for the enricher and for the query language's geo lookup.
        var geoDatabase = options.Web.MmdbPath is { } mmdbPath ? MmdbReader.Open(mmdbPath) : null;
        if (geoDatabase is not null)
        {
            builder.Services.AddSingleton<Metronome.Query.Execution.IGeoLookup>(new Geo.MmdbGeoLookup(geoDatabase));
        }

        builder.Services.AddSingleton(sp => CreateEnricher(options, geoDatabase, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<TickEnrichment>();
        builder.Services.AddSingleton<StatsService>();
        builder.Services.AddSingleton<RetentionService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RetentionService>());
        builder.Services.AddDrains(options.Drains).AddSyslogListeners(options.Syslog);
        configure?.Invoke(builder);

        var app = builder.Build();
        var registry = app.Services.GetRequiredService<AppRegistry>();
        string? adminToken = registry.EnsureAdminToken();
        if (adminToken is not null)
        {
            (console ?? Console.Out).WriteLine($"Admin token (shown once, store it now): {adminToken}");
        }

        app.Services.GetRequiredService<EventStore>(); // open (and recover) the store before taking requests
        app.Lifetime.ApplicationStopped.Register(() => app.Services.GetRequiredService<EventStore>().DisposeAsync().AsTask().GetAwaiter().GetResult());
        app.UseStatusCodePages();
        app.Use(MeasureLatency);
        app.MapHealth();
        app.MapApps();
        app.MapTicks();
        app.MapDrains();
        app.MapTock();
        app.MapSearch();
        app.MapTracker();
        app.MapStats();
        return app;
    }

    private static WebEnricher CreateEnricher(ServerOptions options, MmdbReader? geoDatabase, TimeProvider clock) => new(
        new UserAgentParser(),
        new ReferrerClassifier(),
        new VisitorIdGenerator(new FileSaltStore(options.DataDirectory), clock),
        new CountryResolver(geoDatabase, trustProxyHeader: options.Web.CountryHeader is not null),
        new WebEnrichmentOptions { KeepQueryString = options.Web.KeepQueryString });

    private static async Task MeasureLatency(HttpContext context, RequestDelegate next)
    {
        long started = Stopwatch.GetTimestamp();
        await next(context).ConfigureAwait(false);
        string route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
        context.RequestServices.GetRequiredService<ServerMetrics>().Observe(route, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}
