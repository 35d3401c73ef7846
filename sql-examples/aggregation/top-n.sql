-- Top-N: the two largest orders of each customer, with their rank. When a bigger order
-- arrives, the ranks below it shift: each shifted rank is retracted (-U) and re-emitted
-- with its new row (+U). An order that does not make the top two changes nothing.

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

SELECT customer, order_id, amount, rn
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY customer ORDER BY amount DESC) AS rn
  FROM orders
)
WHERE rn <= 2;
