-- Tumbling event-time windows (window TVF), written to the print connector.
-- Orders carry an event time `ts` with a watermark 2 seconds behind it; every 10-second
-- window reports how many orders it saw and their total amount once the watermark passes
-- its end. The source is bounded, so at its end every window fires.
-- table.dml-sync makes the INSERT wait for its job, so the printed rows appear before the
-- "Complete execution" message.

SET 'table.dml-sync' = 'true';

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

CREATE TABLE window_totals (
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  orders BIGINT,
  total INT
) WITH (
  'connector' = 'print'
);

INSERT INTO window_totals
SELECT window_start, window_end, COUNT(*) AS orders, SUM(amount) AS total
FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY window_start, window_end;
