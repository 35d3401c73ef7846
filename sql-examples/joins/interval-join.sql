-- Interval join: orders with the shipments that left within 20 seconds of the order.
-- Order 2 shipped after 26 seconds and has no match. Matches are emitted when the second
-- side arrives, and the two sources run independently, so the output is compared sorted.
-- @sort

SET 'sql-client.execution.result-mode' = 'tableau';

CREATE TABLE orders (
  order_id INT,
  customer STRING,
  product STRING,
  amount INT,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'sql-examples/data/orders.csv',
  'format' = 'csv'
);

CREATE TABLE shipments (
  ship_id INT,
  order_id INT,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'sql-examples/data/shipments.csv',
  'format' = 'csv'
);

SELECT o.order_id, o.customer, s.ship_id, TIMESTAMPDIFF(SECOND, o.ts, s.ts) AS ship_seconds
FROM orders AS o
JOIN shipments AS s
  ON o.order_id = s.order_id
  AND s.ts BETWEEN o.ts AND o.ts + INTERVAL '20' SECOND;
