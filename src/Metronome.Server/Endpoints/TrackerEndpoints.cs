using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Metronome.Server.Endpoints;

/// <summary><c>GET /metronome.js</c>: the tracker script, from the server's embedded resource, with an
/// ETag, an hour of caching and a gzip copy made once at startup.</summary>
public static class TrackerEndpoints
{
    private const string ResourceName = "Metronome.Server.wwwroot.metronome.js";

    /// <summary>Short enough that a new release reaches pages within the hour, long enough that a
    /// visitor's browser does not ask on every page.</summary>
    private const string CacheControl = "public, max-age=3600";

    private static readonly Lazy<TrackerScript> Script = new(TrackerScript.Load);

    public static IEndpointRouteBuilder MapTracker(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metronome.js", GetScript);
        return app;
    }

    private static IResult GetScript(HttpRequest request, HttpResponse response)
    {
        var script = Script.Value;
        response.Headers.CacheControl = CacheControl;
        response.Headers.ETag = script.ETag;
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        if (request.Headers.IfNoneMatch.Any(tag => tag is not null && (tag == script.ETag || tag == "*")))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        if (AcceptsGzip(request))
        {
            response.Headers.ContentEncoding = "gzip";
            return Results.Bytes(script.Gzipped, "application/javascript; charset=utf-8");
        }

        return Results.Bytes(script.Plain, "application/javascript; charset=utf-8");
    }

    private static bool AcceptsGzip(HttpRequest request)
    {
        foreach (var value in request.Headers.AcceptEncoding)
        {
            if (value is null)
            {
                continue;
            }

            foreach (var part in value.Split(','))
            {
                var coding = part.Trim();
                if (coding.StartsWith("gzip", StringComparison.OrdinalIgnoreCase) && !coding.Replace(" ", "").EndsWith(";q=0", StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private sealed record TrackerScript(byte[] Plain, byte[] Gzipped, string ETag)
    {
        public static TrackerScript Load()
        {
            using var stream = typeof(TrackerEndpoints).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException($"the tracker script is missing from the server assembly ({ResourceName})");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            byte[] plain = copy.ToArray();

            using var zipped = new MemoryStream();
            using (var gzip = new GZipStream(zipped, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                gzip.Write(plain);
            }

            string etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(plain).AsSpan(0, 8)) + "\"";
            return new TrackerScript(plain, zipped.ToArray(), etag);
        }
    }
}
