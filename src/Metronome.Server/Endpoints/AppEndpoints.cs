using Metronome.Server.Apps;
using Metronome.Server.Auth;
using Metronome.Server.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Metronome.Server.Endpoints;

/// <summary>App and key management under <c>/api/apps</c>, with the admin token.</summary>
public static class AppEndpoints
{
    public static IEndpointRouteBuilder MapApps(this IEndpointRouteBuilder app)
    {
        var apps = app.MapGroup("/api/apps").AddEndpointFilter(RequireAdmin);
        apps.MapPost("/", (CreateAppRequest? body, AppRegistry registry) => Guard(() =>
        {
            if (string.IsNullOrWhiteSpace(body?.Name))
            {
                return Problem.BadRequest("missing-field", "name", "send {\"name\": \"my-app\"}");
            }

            var created = registry.CreateApp(body.Name);
            return Results.Json(created, ServerJson.Default.AppCreated, statusCode: StatusCodes.Status201Created);
        }));
        apps.MapGet("/", (AppRegistry registry) =>
            Results.Json(registry.Apps.Select(ToView).ToArray(), ServerJson.Default.AppViewArray));
        apps.MapGet("/{app}/keys", (string app, AppRegistry registry) => Guard(() =>
            registry.FindApp(app) is null
                ? Problem.NotFound("app", $"no app named '{app}'")
                : Results.Json(registry.ListKeys(app).Select(ToView).ToArray(), ServerJson.Default.KeyViewArray)));
        apps.MapPost("/{app}/keys", (string app, CreateKeyRequest? body, AppRegistry registry) => Guard(() =>
        {
            if (!Enum.TryParse<KeyKind>(body?.Kind, ignoreCase: true, out var kind) || kind == KeyKind.Admin)
            {
                return Problem.BadRequest("invalid-field", "kind", "send {\"kind\": \"read\"} or {\"kind\": \"write\"}");
            }

            var (key, token) = registry.CreateKey(app, kind);
            return Results.Json(new NewKeyView(key.Id, key.App, KindName(key.Kind), token), ServerJson.Default.NewKeyView, statusCode: StatusCodes.Status201Created);
        }));
        apps.MapDelete("/{app}/keys/{keyId}", (string app, string keyId, AppRegistry registry) => Guard(() =>
        {
            registry.RevokeKey(app, keyId);
            return Results.NoContent();
        }));
        apps.MapPost("/{app}/keys/{keyId}/rotate", (string app, string keyId, AppRegistry registry) => Guard(() =>
        {
            var (key, token) = registry.RotateKey(app, keyId);
            return Results.Json(new NewKeyView(key.Id, key.App, KindName(key.Kind), token), ServerJson.Default.NewKeyView, statusCode: StatusCodes.Status201Created);
        }));
        apps.MapPut("/{app}/retention", (string app, RetentionRequest? body, AppRegistry registry) => Guard(() =>
            Results.Json(ToView(registry.SetRetention(app, body?.Days)), ServerJson.Default.AppView)));
        return app;
    }

    private static async ValueTask<object?> RequireAdmin(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var registry = context.HttpContext.RequestServices.GetService(typeof(AppRegistry)) as AppRegistry;
        var (_, failure) = RequestKeys.Require(context.HttpContext.Request, registry!, KeyKind.Admin);
        return failure ?? await next(context).ConfigureAwait(false);
    }

    private static IResult Guard(Func<IResult> action)
    {
        try
        {
            return action();
        }
        catch (RegistryException ex)
        {
            return ex.NotFound ? Problem.NotFound(ex.Field, ex.Message)
                : ex.Conflict ? Problem.Of(StatusCodes.Status409Conflict, "conflict", "Already exists", ex.Message, ex.Field, ex.Message)
                : Problem.BadRequest("invalid-field", ex.Field, ex.Message);
        }
    }

    private static AppView ToView(AppRecord app) => new(app.Name, app.Created, app.RetentionDays);

    private static KeyView ToView(ApiKey key) => new(key.Id, key.App, KindName(key.Kind), key.Prefix, key.Created, key.Revoked);

    private static string KindName(KeyKind kind) => kind.ToString().ToLowerInvariant();

    public sealed record CreateAppRequest(string? Name);

    public sealed record CreateKeyRequest(string? Kind);

    public sealed record RetentionRequest(int? Days);

    public sealed record AppView(string Name, DateTimeOffset Created, int? RetentionDays);

    public sealed record KeyView(string Id, string App, string Kind, string Prefix, DateTimeOffset Created, DateTimeOffset? Revoked);

    public sealed record NewKeyView(string Id, string App, string Kind, string Key);
}
