-- Q7: events of one app whose path contains a word: case-insensitive, whole token
-- (a token is a maximal run of ASCII letters and digits).
SELECT count() AS events
FROM events
WHERE _app = '{app}' AND ts >= {start_ms} AND ts < {end_ms}
  AND match(path, '(?i)(^|[^a-z0-9]){word}([^a-z0-9]|$)')
