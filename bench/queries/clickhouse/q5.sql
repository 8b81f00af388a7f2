-- Q5: 5xx responses by status per 5-minute bucket over one day, router events of one app.
SELECT toString(toStartOfFiveMinute(time)) AS bucket, status, count() AS events
FROM events
WHERE _app = '{app}' AND name = 'router' AND ts >= {day_start_ms} AND ts < {day_end_ms}
  AND status >= 500 AND status < 600
GROUP BY bucket, status
ORDER BY bucket, status
