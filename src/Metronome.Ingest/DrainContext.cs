using Metronome.Core.Events;

namespace Metronome.Ingest;

/// <summary>What the caller knows about where a body came from: the tenant, the Sumo-style source metadata
/// and when it was received. Immutable; a long-lived stream passes a fresh copy per read
/// (<c>context with { ReceiptTimeUs = now }</c>).</summary>
public sealed record DrainContext
{
    public const string DefaultSourceCategory = "heroku";

    public DrainContext(string app, long receiptTimeUs)
    {
        App = app ?? throw new ArgumentNullException(nameof(app));
        ReceiptTimeUs = receiptTimeUs;
    }

    /// <summary>The Metronome app (tenant) that owns the events: <c>Event.App</c>.</summary>
    public string App { get; init; }

    /// <summary>When Metronome accepted the bytes, microseconds since the epoch: <c>Event.ReceiptTimeUs</c>,
    /// the time of unparseable messages, and the reference for RFC 3164's missing year.</summary>
    public long ReceiptTimeUs { get; init; }

    /// <summary><c>_sourcecategory</c>: the drain URL's <c>category</c>, default <c>heroku</c>.</summary>
    public string SourceCategory { get; init; } = DefaultSourceCategory;

    /// <summary><c>_sourcename</c>: the drain URL's <c>name</c>, else the Logplex-Drain-Token. Empty omits the field.</summary>
    public string SourceName { get; init; } = "";

    /// <summary>Fields the caller adds to every event after parsing (the drain endpoint's <c>_frameid</c> and
    /// <c>_drain</c>). They win over a key of the same name parsed from the message.</summary>
    public IReadOnlyList<KeyValuePair<string, FieldValue>> Tags { get; init; } = [];

    /// <summary>How RFC 5424 STRUCTURED-DATA is treated.</summary>
    public StructuredDataMode StructuredData { get; init; } = StructuredDataMode.Auto;
}
