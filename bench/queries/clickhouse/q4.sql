-- Q4: p50/p95/p99 of service_ms per dyno per hour, router events of one app.
-- quantilesExact(l) is the value at 0-based index floor(l * n) of the sorted values (no interpolation).
SELECT hour, dyno, q[1] AS p50, q[2] AS p95, q[3] AS p99
FROM
(
    SELECT toString(toStartOfHour(time)) AS hour, dyno, quantilesExact(0.5, 0.95, 0.99)(service_ms) AS q
    FROM events
    WHERE _app = '{app}' AND name = 'router' AND ts >= {start_ms} AND ts < {end_ms}
    GROUP BY hour, dyno
)
ORDER BY hour, dyno
