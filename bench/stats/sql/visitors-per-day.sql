-- Unique visitors per day (UTC): {"metrics":["visitors"],"dimensions":["time:day"]}
SELECT toString(toDate(toDateTime(intDiv(ts, 1000)))) AS day, uniqExact(visitor) AS visitors
FROM stats_events
WHERE ts >= {start_ms} AND ts < {end_ms}
GROUP BY day
ORDER BY day
