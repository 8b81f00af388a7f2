-- One app's enriched web events: the rows Metronome's store holds (bench/stats/WorkloadLoader.cs).
-- Partitioned and ordered like bench/queries/clickhouse/schema.sql; absent values are ''.
CREATE TABLE stats_events
(
    ts UInt64,
    name String,
    page String,
    visitor String,
    source String,
    referrer_host String,
    country String,
    browser String,
    device String
)
ENGINE = MergeTree
PARTITION BY toDate(toDateTime(intDiv(ts, 1000)))
ORDER BY (name, ts)
