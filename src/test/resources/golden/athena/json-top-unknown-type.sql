SELECT target_id, key_text, items
FROM (
  SELECT target_id, key_text, items, row_number() OVER (PARTITION BY target_id ORDER BY items DESC, key_text) AS rn
  FROM (
    SELECT grouping(k0) AS target_id, k0 AS key_text, count(*) AS items
    FROM (SELECT coalesce(item."tenant".s, item."tenant".n, item."tenant".b) AS k0 FROM "default"."ddbr_skew_01700000000000_abcdef12_0a1b2c3d") AS item_keys
    GROUP BY GROUPING SETS ((k0))
  ) AS counted
  WHERE key_text IS NOT NULL
) AS ranked
WHERE rn <= 3
ORDER BY target_id, rn
