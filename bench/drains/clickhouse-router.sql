-- The reference for bench/drains: ClickHouse ingesting the same raw router lines and extracting the same
-- fields with its own functions (ClickHouse 18.16, Debian's: no DateTime64, no input()).
-- One statement per blank-line-separated block; {table} is replaced by the script.
DROP TABLE IF EXISTS router_raw

CREATE TABLE router_raw (line String) ENGINE = MergeTree ORDER BY tuple()

DROP TABLE IF EXISTS router

CREATE TABLE router (
    line String,
    time DateTime MATERIALIZED parseDateTimeBestEffortOrZero(substring(line, 8, 19)),
    app String MATERIALIZED extract(line, '^<\\d+>1 \\S+ \\S+ (\\S+)'),
    proc String MATERIALIZED extract(line, '^<\\d+>1 \\S+ \\S+ \\S+ (\\S+)'),
    message String MATERIALIZED extract(line, '^<\\d+>1 \\S+ \\S+ \\S+ \\S+ - (.*)'),
    at String MATERIALIZED extract(line, ' at=(\\S*)'),
    method String MATERIALIZED extract(line, ' method=(\\S*)'),
    path String MATERIALIZED extract(line, ' path="([^"]*)"'),
    host String MATERIALIZED extract(line, ' host=(\\S*)'),
    request_id String MATERIALIZED extract(line, ' request_id=(\\S*)'),
    fwd String MATERIALIZED extract(line, ' fwd="([^"]*)"'),
    dyno String MATERIALIZED extract(line, ' dyno=(\\S*)'),
    connect UInt32 MATERIALIZED toUInt32OrZero(extract(line, ' connect=(\\d+)')),
    service UInt32 MATERIALIZED toUInt32OrZero(extract(line, ' service=(\\d+)')),
    status UInt16 MATERIALIZED toUInt16OrZero(extract(line, ' status=(\\d+)')),
    bytes UInt32 MATERIALIZED toUInt32OrZero(extract(line, ' bytes=(\\d+)')),
    protocol String MATERIALIZED extract(line, ' protocol=(\\S*)')
) ENGINE = MergeTree ORDER BY tuple()
