using Metronome.Core.Events;

namespace Metronome.Ingest.Ticks;

/// <summary>Adds fields to a decoded tick before it becomes an event (the server's web enrichment), so
/// that each tick's field list is built once.</summary>
public interface ITickEnricher
{
    /// <param name="url">The tick's <c>url</c> member when it is text.</param>
    /// <param name="referrer">The tick's referrer member when it is text, else the Referer header.</param>
    /// <param name="fields">The tick's fields; enrichment appends to them.</param>
    void Enrich(string? url, string? referrer, List<KeyValuePair<string, FieldValue>> fields);
}
