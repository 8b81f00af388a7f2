SELECT count(), sum(length(app) + length(proc) + length(message) + length(at) + length(method) + length(path) + length(host) + length(request_id) + length(fwd) + length(dyno) + length(protocol)), sum(toUInt32OrZero(extract(line, ' connect=(\\d+)')) + toUInt32OrZero(extract(line, ' service=(\\d+)')) + toUInt16OrZero(extract(line, ' status=(\\d+)')) + toUInt32OrZero(extract(line, ' bytes=(\\d+)'))), max(parseDateTimeBestEffortOrZero(substring(line, 8, 19)))
FROM (
    SELECT line,
        extract(line, '^<\\d+>1 \\S+ \\S+ (\\S+)') AS app,
        extract(line, '^<\\d+>1 \\S+ \\S+ \\S+ (\\S+)') AS proc,
        extract(line, '^<\\d+>1 \\S+ \\S+ \\S+ \\S+ - (.*)') AS message,
        extract(line, ' at=(\\S*)') AS at,
        extract(line, ' method=(\\S*)') AS method,
        extract(line, ' path="([^"]*)"') AS path,
        extract(line, ' host=(\\S*)') AS host,
        extract(line, ' request_id=(\\S*)') AS request_id,
        extract(line, ' fwd="([^"]*)"') AS fwd,
        extract(line, ' dyno=(\\S*)') AS dyno,
        extract(line, ' protocol=(\\S*)') AS protocol
    FROM router_raw)
SETTINGS max_threads = 1
