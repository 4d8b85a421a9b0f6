SELECT count(*) AS items, count(k0) AS items_0, approx_distinct(k0) AS distinct_0, count(k1) AS items_1, approx_distinct(k1) AS distinct_1, count(k2) AS items_2, approx_distinct(k2) AS distinct_2
FROM (SELECT item."pk".s AS k0, item."amount".n AS k1, item."digest".b AS k2 FROM "default"."ddbr_skew_01700000000000_abcdef12_0a1b2c3d") AS item_keys
