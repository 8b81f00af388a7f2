-- Q2: top 10 paths by pageviews for one app.
SELECT path, count() AS views
FROM events
WHERE _app = '{app}' AND name = 'view' AND ts >= {start_ms} AND ts < {end_ms}
GROUP BY path
ORDER BY views DESC, path
LIMIT 10
