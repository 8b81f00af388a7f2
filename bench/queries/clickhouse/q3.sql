-- Q3: unique visitors per day (exact) over the app's web events.
SELECT toString(toDate(time)) AS day, uniqExact(visitor) AS visitors
FROM events
WHERE _app = '{app}' AND _sourcecategory = 'web' AND ts >= {start_ms} AND ts < {end_ms}
GROUP BY day
ORDER BY day
