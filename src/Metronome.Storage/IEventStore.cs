using Metronome.Core.Events;
using Metronome.Core.Events.Batches;
using Metronome.Storage.Aggregation;
using Metronome.Storage.Scanning;

namespace Metronome.Storage;

/// <summary>
/// The storage seam: append batches durably, scan with pushed-down filters, aggregate in the store.
/// The embedded store implements it; a remote engine (ClickHouse) can too. Nothing above it knows which.
/// </summary>
public interface IEventStore : IAsyncDisposable
{
    /// <summary>Completes once the events are durable and visible to scans; faults with
    /// <see cref="StoreBusyException"/> under back-pressure and <see cref="StoreUnavailableException"/>
    /// when nothing can be written. The store has its own copy of the batch when this returns: callers
    /// may clear or reuse <paramref name="events"/> before the task completes (so that thousands of
    /// events do not outlive a gen-0 collection while the log syncs).</summary>
    Task AppendAsync(IReadOnlyList<Event> events, CancellationToken cancellationToken = default);

    /// <summary>Appends events already in their encoded form (what decoders write), as
    /// <see cref="AppendAsync(IReadOnlyList{Event}, CancellationToken)"/> does; the batch is immutable,
    /// so the store keeps it as it is.</summary>
    Task AppendAsync(EventBatch batch, CancellationToken cancellationToken = default);

    /// <summary>Appends a batch together with the <paramref name="wire"/> bytes it was decoded from, which
    /// the store may keep instead of the batch's encoding (fewer bytes to make durable). The wire bytes must
    /// not change until the task completes. Stores that do not log their input append the batch.</summary>
    Task AppendAsync(EventBatch batch, WireForm wire, CancellationToken cancellationToken = default) =>
        AppendAsync(batch, cancellationToken);

    /// <summary>Events that match, in no particular order, from a consistent snapshot.</summary>
    IEnumerable<Event> Scan(ScanQuery query, CancellationToken cancellationToken = default);

    AggregateResult Aggregate(AggregateQuery query, CancellationToken cancellationToken = default);

    /// <summary>The events that match, projected to their times and <paramref name="fields"/> column by
    /// column, from a consistent snapshot: parts that callers may read in parallel, each block valid until
    /// its part moves on. This default projects <see cref="Scan"/>; stores that keep columns do better.</summary>
    IReadOnlyList<IEnumerable<ColumnBlock>> ScanColumns(ScanQuery query, IReadOnlyList<string> fields, CancellationToken cancellationToken = default) =>
        [EventColumns.Blocks(Scan(query, cancellationToken), fields)];

    StoreStatistics GetStatistics();
}

public sealed record PartitionStatistics(string App, string Day, long Events, int Segments, long Bytes);

public sealed record StoreStatistics(IReadOnlyList<PartitionStatistics> Partitions, long TailEvents, int WalFiles, long CheckpointLsn)
{
    public long TotalEvents => Partitions.Sum(p => p.Events) + TailEvents;

    public long TotalBytes => Partitions.Sum(p => p.Bytes);
}
