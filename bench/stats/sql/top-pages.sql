-- Top 10 pages by visitors, with pageviews: {"metrics":["visitors","pageviews"],"dimensions":["event:page"]}
SELECT page, uniqExact(visitor) AS visitors, countIf(name = 'view') AS pageviews
FROM stats_events
WHERE ts >= {start_ms} AND ts < {end_ms}
GROUP BY page
ORDER BY visitors DESC, page
LIMIT 10
