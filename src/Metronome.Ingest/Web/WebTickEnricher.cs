using Metronome.Core.Events;
using Metronome.Ingest.Ticks;

namespace Metronome.Ingest.Web;

/// <summary>Web enrichment for the ticks of one request: the client's part is worked out once.</summary>
public sealed class WebTickEnricher(WebEnricher enricher, WebClient client) : ITickEnricher
{
    public void Enrich(string? url, string? referrer, List<KeyValuePair<string, FieldValue>> fields) =>
        enricher.Enrich(client, url, referrer, fields);
}
