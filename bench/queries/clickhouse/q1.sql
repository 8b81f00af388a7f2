-- Q1: events per day for one app over the 30 days.
SELECT toString(toDate(time)) AS day, count() AS events
FROM events
WHERE _app = '{app}' AND ts >= {start_ms} AND ts < {end_ms}
GROUP BY day
ORDER BY day
