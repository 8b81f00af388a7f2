-- Q3a: unique visitors per day, approximate (ClickHouse's uniq: adaptive sampling, ~1% error).
SELECT toString(toDate(time)) AS day, uniq(visitor) AS visitors_approx
FROM events
WHERE _app = '{app}' AND _sourcecategory = 'web' AND ts >= {start_ms} AND ts < {end_ms}
GROUP BY day
ORDER BY day
