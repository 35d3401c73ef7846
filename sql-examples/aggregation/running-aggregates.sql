-- Aggregating an updating result: first the number of orders per customer (which changes
-- with every order), then how many customers have each order count. Every change of the
-- inner count retracts a customer from one bucket and adds it to another; a bucket that
-- becomes empty is deleted (-D).

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

SELECT order_count, COUNT(*) AS customers
FROM (
  SELECT customer, COUNT(*) AS order_count
  FROM orders
  GROUP BY customer
)
GROUP BY order_count;
