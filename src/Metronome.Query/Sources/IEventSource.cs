namespace Metronome.Query.Sources;

/// <summary>Where a query's events come from: the embedded store, a remote engine, or memory in tests.
/// The engine hands the pushed-down part of its plan in a <see cref="ScanSpec"/> and streams batches back.</summary>
public interface IEventSource
{
    /// <summary>What the source knows about the events a scan would return (used by plan rewrites).</summary>
    SourceCapabilities Describe(ScanSpec spec);

    /// <summary>Events of <see cref="ScanSpec.App"/> with <c>FromUs &lt;= TimeUs &lt; ToUs</c>, in any order.
    /// A batch either applies <see cref="ScanSpec.Filter"/> exactly (<see cref="EventBatch.FilterApplied"/>)
    /// or returns a superset and lets the engine verify. When <see cref="ScanSpec.Fields"/> is set, events
    /// may carry only those fields (and, in a batch the engine verifies, the fields the filter reads).</summary>
    IAsyncEnumerable<EventBatch> ScanAsync(ScanSpec spec, CancellationToken cancellationToken);
}
