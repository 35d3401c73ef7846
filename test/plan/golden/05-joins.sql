CREATE TABLE orders (order_id BIGINT, product_id BIGINT, qty INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'datagen');
CREATE TABLE shipments (order_id BIGINT, carrier STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'datagen');
CREATE TABLE products (product_id BIGINT, name STRING, price DECIMAL(10, 2), PRIMARY KEY (product_id) NOT ENFORCED) WITH ('connector' = 'upsert');

-- Regular join: an updating (normalised upsert) input, so the join emits retractions.
EXPLAIN CHANGELOG_MODE
SELECT o.order_id, p.name, o.qty * p.price AS total
FROM orders AS o JOIN products AS p ON o.product_id = p.product_id
WHERE o.qty > 1 AND p.price < 100;

EXPLAIN
SELECT o.order_id, s.carrier FROM orders o LEFT JOIN shipments s USING (order_id);

-- Interval join.
EXPLAIN CHANGELOG_MODE
SELECT o.order_id, o.ts, s.carrier
FROM orders o, shipments s
WHERE o.order_id = s.order_id AND s.ts BETWEEN o.ts AND o.ts + INTERVAL '4' HOUR;

-- Window join.
EXPLAIN
SELECT l.order_id, l.window_start, l.window_end, r.carrier
FROM (SELECT * FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '5' MINUTE))) l
JOIN (SELECT * FROM TABLE(TUMBLE(TABLE shipments, DESCRIPTOR(ts), INTERVAL '5' MINUTE))) r
ON l.order_id = r.order_id AND l.window_start = r.window_start AND l.window_end = r.window_end;

-- Semi and anti joins from IN / NOT EXISTS.
EXPLAIN
SELECT order_id FROM orders
WHERE product_id IN (SELECT product_id FROM products WHERE price > 10)
  AND NOT EXISTS (SELECT 1 FROM shipments s WHERE s.order_id = orders.order_id);
