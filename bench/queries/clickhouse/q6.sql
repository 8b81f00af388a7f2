-- Q6: one item: views per day, downloads by format, top 10 referrers (three statements, timed together).
SELECT toString(toDate(time)) AS day, count() AS views
FROM events
WHERE _app = '{app}' AND name = 'view' AND id = '{item}' AND ts >= {start_ms} AND ts < {end_ms}
GROUP BY day
ORDER BY day;

SELECT format, count() AS downloads
FROM events
WHERE _app = '{app}' AND name = 'download' AND id = '{item}' AND ts >= {start_ms} AND ts < {end_ms}
GROUP BY format
ORDER BY downloads DESC, format;

SELECT referrer, count() AS events
FROM events
WHERE _app = '{app}' AND id = '{item}' AND referrer != '' AND ts >= {start_ms} AND ts < {end_ms}
GROUP BY referrer
ORDER BY events DESC, referrer
LIMIT 10;
