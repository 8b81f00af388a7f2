-- The benchmark table. Works on ClickHouse 18.16 (Debian) and current releases.
-- Absent JSON members get the type's default ('' or 0) instead of Nullable: in 18.16 a Nullable column
-- carries a separate null map and takes slower paths in filters and aggregates, and the queries never
-- need to tell 0 from absent (they filter on name or _sourcecategory first).
-- Only ts (epoch ms) is stored; `time` is an ALIAS computed on read, since 18.16 has no DateTime64.
CREATE TABLE events
(
    _app String,
    _sourcecategory String,
    name String,
    ts UInt64,
    time DateTime ALIAS toDateTime(intDiv(ts, 1000)),
    path String,
    referrer String,
    visitor String,
    country String,
    browser String,
    device String,
    id String,
    format String,
    revenue Float64,
    at String,
    code String,
    dyno String,
    method String,
    status UInt16,
    connect_ms UInt32,
    service_ms UInt32,
    bytes UInt64
)
ENGINE = MergeTree
PARTITION BY toDate(toDateTime(intDiv(ts, 1000)))
ORDER BY (_app, name, ts)
