using System.Net;
using Metronome.Ingest.Ticks;
using Metronome.Ingest.Web;
using Metronome.Server.Hosting;
using Microsoft.AspNetCore.Http;

namespace Metronome.Server.Stats.Enrichment;

/// <summary>
/// Runs <see cref="WebEnricher"/> over the decoded ticks of one request: the HTTP side of enrichment
/// (client address, User-Agent, the trusted country header). The address only feeds the visitor hash
/// and the country lookup; it never becomes a field.
/// </summary>
public sealed class TickEnrichment(WebEnricher enricher, ServerOptions options)
{
    /// <summary>The enrichment of one request's ticks: the client (address, User-Agent, the trusted
    /// country header) is described once and shared by every tick of the batch.</summary>
    public ITickEnricher ForRequest(string app, HttpRequest request)
    {
        string? country = options.Web.CountryHeader is { } header ? request.Headers[header].ToString() : null;
        var client = enricher.DescribeClient(app, request.Headers.UserAgent, ClientAddress(request), country);
        return new WebTickEnricher(enricher, client);
    }

    /// <summary>The connection's address, or the first <c>X-Forwarded-For</c> hop when a trusted proxy
    /// is configured (the proxy appends; the first entry is the client it saw).</summary>
    private IPAddress? ClientAddress(HttpRequest request)
    {
        if (options.Web.TrustForwardedFor)
        {
            string forwarded = request.Headers["X-Forwarded-For"].ToString();
            int comma = forwarded.IndexOf(',');
            var first = (comma < 0 ? forwarded : forwarded[..comma]).Trim();
            if (IPAddress.TryParse(first, out var parsed))
            {
                return parsed;
            }
        }

        return request.HttpContext.Connection.RemoteIpAddress;
    }
}
