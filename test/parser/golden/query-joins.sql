-- Joins, temporal joins, UNNEST, LATERAL TABLE, derived tables.
SELECT * FROM a JOIN b ON a.id = b.id;
SELECT * FROM a INNER JOIN b ON a.id = b.id LEFT JOIN c ON b.id = c.id;
SELECT * FROM a LEFT OUTER JOIN b ON a.id = b.id RIGHT OUTER JOIN c ON TRUE FULL OUTER JOIN d ON a.x = d.x;
SELECT * FROM a RIGHT JOIN b USING (id, name) FULL JOIN c USING (id);
SELECT * FROM a CROSS JOIN b;
SELECT * FROM a, b, c WHERE a.id = b.id;
SELECT * FROM a NATURAL JOIN b NATURAL LEFT JOIN c;
SELECT * FROM a JOIN (b JOIN c ON b.x = c.x) ON a.id = b.id;
SELECT * FROM (a JOIN b ON a.id = b.id);
SELECT o.id, r.rate
FROM orders AS o
JOIN rates FOR SYSTEM_TIME AS OF o.proc_time AS r ON o.currency = r.currency;
SELECT * FROM orders o LEFT JOIN customers FOR SYSTEM_TIME AS OF o.order_time c ON o.cid = c.id;
SELECT id, tag FROM t CROSS JOIN UNNEST(t.tags) AS tags(tag);
SELECT id, tag, pos FROM t CROSS JOIN UNNEST(tags) WITH ORDINALITY AS x (tag, pos);
SELECT * FROM UNNEST(ARRAY[1, 2, 3]) AS n(v);
SELECT t.id, s.word FROM t, LATERAL TABLE(split_words(t.line)) AS s(word);
SELECT t.id, s.word, s.len FROM t LEFT JOIN LATERAL TABLE(split_words(t.line, ' ')) AS s(word, len) ON TRUE;
SELECT * FROM t, LATERAL (SELECT * FROM u WHERE u.id = t.id) AS x;
SELECT * FROM (SELECT a FROM t) sub JOIN (VALUES (1), (2)) AS v(x) ON sub.a = v.x;
SELECT * FROM TABLE(my_udtf(1, 'a')) AS f(x);
SELECT * FROM cat.db.tbl AS x (a, b);
