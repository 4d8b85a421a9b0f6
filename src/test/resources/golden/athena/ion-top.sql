SELECT target_id, key_text, items
FROM (
  SELECT target_id, key_text, items, row_number() OVER (PARTITION BY target_id ORDER BY items DESC, key_text) AS rn
  FROM (
    SELECT grouping(k0, k1, k2) AS target_id, coalesce(k0, k1, k2) AS key_text, count(*) AS items
    FROM (SELECT item."pk" AS k0, item."amount" AS k1, to_base64(item."digest") AS k2 FROM "default"."ddbr_skew_01700000000000_abcdef12_0a1b2c3d") AS item_keys
    GROUP BY GROUPING SETS ((k0), (k1), (k2))
  ) AS counted
  WHERE key_text IS NOT NULL
) AS ranked
WHERE rn <= 5
ORDER BY target_id, rn
