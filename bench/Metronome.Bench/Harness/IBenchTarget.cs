namespace Metronome.Bench.Harness;

/// <summary>
/// One engine under test. The runner drives every target through the same steps, one target at a time:
/// <see cref="LoadAsync"/>, <see cref="CompactAsync"/>, <see cref="BytesOnDiskAsync"/>, then each query
/// once to warm up and N times to time it.
/// </summary>
public interface IBenchTarget : IAsyncDisposable
{
    /// <summary>Short lower-case name used on the command line and in tables: "clickhouse", "metronome".</summary>
    string Name { get; }

    /// <summary>Engine and version for the report, e.g. "ClickHouse 18.16.1".</summary>
    Task<string> DescribeAsync(CancellationToken ct);

    /// <summary>Starts from an empty store and loads every line of the NDJSON file; returns when it is all
    /// acknowledged. The elapsed time is the ingest figure.</summary>
    Task<LoadResult> LoadAsync(string ndjsonPath, CancellationToken ct);

    /// <summary>Brings storage to its settled state before bytes and queries are measured
    /// (ClickHouse: OPTIMIZE TABLE FINAL; an embedded store: seal the tail, merge segments).</summary>
    Task CompactAsync(CancellationToken ct);

    /// <summary>Bytes the loaded data occupies on disk after <see cref="CompactAsync"/>.</summary>
    Task<long> BytesOnDiskAsync(CancellationToken ct);

    /// <summary>Peak resident set size of the engine's process during <see cref="LoadAsync"/>, or 0 when unknown.</summary>
    long PeakRssBytes { get; }

    /// <summary>Answers one query. Cells follow <see cref="BenchQuery.Semantics"/> so that targets can be
    /// compared row by row: days as yyyy-MM-dd, buckets as yyyy-MM-dd HH:mm:ss (UTC), invariant numbers.</summary>
    Task<QueryResult> RunAsync(BenchQuery query, QueryParameters parameters, CancellationToken ct);
}
