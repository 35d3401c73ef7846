-- Cumulating windows: within every 20-second period, a result after 10 seconds and one at
-- the end, each covering everything since the start of the period (running totals that
-- reset every 20 seconds).

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

SELECT window_start, window_end, COUNT(*) AS orders, SUM(amount) AS total
FROM TABLE(CUMULATE(TABLE orders, DESCRIPTOR(ts), INTERVAL '10' SECOND, INTERVAL '20' SECOND))
GROUP BY window_start, window_end;
