-- Hopping (sliding) event-time windows: 10 seconds long, starting every 5 seconds, so each
-- order falls into two windows. Results come out in window-end order.

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
FROM TABLE(HOP(TABLE orders, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))
GROUP BY window_start, window_end;
