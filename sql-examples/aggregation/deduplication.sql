-- Deduplication with ROW_NUMBER: keep the first order of every customer (in event time),
-- then keep the latest one, which updates whenever a newer order arrives.

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

SELECT order_id, customer, product
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY customer ORDER BY ts ASC) AS rn
  FROM orders
)
WHERE rn = 1;

SELECT order_id, customer, product
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY customer ORDER BY ts DESC) AS rn
  FROM orders
)
WHERE rn = 1;
