-- The older group-window syntax: GROUP BY TUMBLE(ts, ...) with TUMBLE_START / TUMBLE_END.
-- Several customers' windows close at the same watermark, so their relative order is not
-- fixed: the output is compared sorted.
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

SELECT
  customer,
  TUMBLE_START(ts, INTERVAL '10' SECOND) AS window_start,
  TUMBLE_END(ts, INTERVAL '10' SECOND) AS window_end,
  COUNT(*) AS orders,
  SUM(amount) AS total
FROM orders
GROUP BY customer, TUMBLE(ts, INTERVAL '10' SECOND);
