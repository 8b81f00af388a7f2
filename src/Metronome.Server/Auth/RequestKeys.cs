using System.Text;
using Metronome.Server.Apps;
using Metronome.Server.Problems;
using Microsoft.AspNetCore.Http;

namespace Metronome.Server.Auth;

/// <summary>
/// Finds and checks the key of a request: <c>Authorization: Bearer</c>, HTTP basic auth (the secret in
/// the password or, as Logplex sends an empty user oddly, the user slot), or <c>?key=</c> for beacons
/// and drains.
/// </summary>
public static class RequestKeys
{
    public static string? TokenOf(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        if (!string.IsNullOrEmpty(header))
        {
            if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                return header[7..].Trim();
            }

            if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    string decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
                    int colon = decoded.IndexOf(':');
                    string user = colon < 0 ? decoded : decoded[..colon];
                    string password = colon < 0 ? "" : decoded[(colon + 1)..];
                    return password.Length > 0 ? password : user;
                }
                catch (FormatException)
                {
                    return null;
                }
            }
        }

        string? query = request.Query["key"];
        return string.IsNullOrEmpty(query) ? null : query;
    }

    /// <summary>The key when it exists, is active and has <paramref name="required"/> kind; otherwise the
    /// 401/403 answer to send.</summary>
    public static (ApiKey? Key, IResult? Failure) Require(HttpRequest request, AppRegistry registry, KeyKind required)
    {
        string? token = TokenOf(request);
        if (token is null)
        {
            return (null, Problem.Unauthorized($"send a {Describe(required)} as 'Authorization: Bearer KEY' or '?key=KEY'"));
        }

        var key = registry.Authenticate(token);
        if (key is null)
        {
            return (null, Problem.Unauthorized("the key is not known"));
        }

        if (!key.IsActive)
        {
            return (null, Problem.Unauthorized("the key was revoked"));
        }

        if (key.Kind != required)
        {
            return (null, Problem.Forbidden($"a {Describe(key.Kind)} cannot be used here; this needs a {Describe(required)}"));
        }

        return (key, null);
    }

    private static string Describe(KeyKind kind) => kind switch
    {
        KeyKind.Write => "write key",
        KeyKind.Read => "read key",
        _ => "admin token",
    };
}
