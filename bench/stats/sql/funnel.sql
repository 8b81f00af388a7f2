-- A 3-step funnel within a visit, view -> register -> pay (POST /api/v2/funnel): per step the visitors
-- and visits that reached it. Visits are cut as in top-sources.sql; a visit reaches step n when steps
-- 1..n occur in that order (other events may come between).
SELECT uniqExactIf(visitor, level >= 1), countIf(level >= 1),
       uniqExactIf(visitor, level >= 2), countIf(level >= 2),
       uniqExactIf(visitor, level >= 3), countIf(level >= 3)
FROM
(
    SELECT visitor, sid,
           arrayMap(e -> e.3, arraySort(groupArray((ts, not_view, name)))) AS names,
           indexOf(names, 'view') AS i1,
           if(i1 = 0, 0, arrayFirstIndex((x, i) -> i > i1 AND x = 'register', names, arrayEnumerate(names))) AS i2,
           if(i2 = 0, 0, arrayFirstIndex((x, i) -> i > i2 AND x = 'pay', names, arrayEnumerate(names))) AS i3,
           (i1 > 0) + (i2 > 0) + (i3 > 0) AS level
    FROM
    (
        SELECT visitor, ev.1 AS ts, ev.2 AS not_view, ev.3 AS name, sid
        FROM
        (
            SELECT visitor,
                   arraySort(groupArray((ts, name != 'view', name))) AS evs,
                   arrayCumSum(arrayMap(d -> d >= 1800000, arrayDifference(arrayMap(e -> e.1, evs)))) AS sids
            FROM stats_events
            WHERE ts >= {start_ms} AND ts < {end_ms}
            GROUP BY visitor
        )
        ARRAY JOIN evs AS ev, sids AS sid
    )
    GROUP BY visitor, sid
)
