using System.Net;
using Metronome.Core.Events;
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
    /// <summary>Replaces each event by its enriched copy, in place.</summary>
    public void Apply(List<Event> events, HttpRequest request)
    {
        if (events.Count == 0)
        {
            return;
        }

        var ip = ClientAddress(request);
        string? userAgent = request.Headers.UserAgent;
        string? country = options.Web.CountryHeader is { } header ? request.Headers[header].ToString() : null;
        for (int i = 0; i < events.Count; i++)
        {
            var tick = events[i];
            var fields = new List<KeyValuePair<string, FieldValue>>(tick.Fields.Count + WebFields.Enriched.Count);
            fields.AddRange(tick.Fields);
            var hit = new WebHit(tick.App, TextOf(tick, WebFields.Url), TextOf(tick, WebFields.Referrer), userAgent, ip, country);
            enricher.Enrich(hit, fields);
            events[i] = new Event(tick.App, tick.Name, tick.TimeUs, tick.ReceiptTimeUs, fields);
        }
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

    private static string? TextOf(Event tick, string field)
    {
        var value = tick.Get(field);
        return value.Kind == FieldKind.String ? value.AsString : null;
    }
}
