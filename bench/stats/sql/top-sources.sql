-- Top 10 sources by visitors: {"metrics":["visitors"],"dimensions":["visit:source"]}. A visit's source is
-- its first pageview's (else its first event's), as Plausible and Metronome define it, so the events are
-- cut into visits: a visitor's events sorted by time, a new visit after a gap of 30 minutes or more.
SELECT if(src = '', 'Direct / None', src) AS source, uniqExact(visitor) AS visitors
FROM
(
    SELECT visitor, sid, argMin(src, (not_view, ts)) AS src
    FROM
    (
        SELECT visitor, ev.1 AS ts, ev.2 AS not_view, ev.3 AS src, sid
        FROM
        (
            SELECT visitor,
                   arraySort(groupArray((ts, name != 'view', source))) AS evs,
                   arrayCumSum(arrayMap(d -> d >= 1800000, arrayDifference(arrayMap(e -> e.1, evs)))) AS sids
            FROM stats_events
            WHERE ts >= {start_ms} AND ts < {end_ms}
            GROUP BY visitor
        )
        ARRAY JOIN evs AS ev, sids AS sid
    )
    GROUP BY visitor, sid
)
GROUP BY source
ORDER BY visitors DESC, source
LIMIT 10
