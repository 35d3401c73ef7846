CREATE TABLE orders (
  order_id BIGINT,
  customer STRING,
  amount DECIMAL(10, 2),
  note STRING,
  ts TIMESTAMP(3),
  amount_with_tax AS amount * 1.1,
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH ('connector' = 'datagen');
CREATE TABLE big_orders (order_id BIGINT, customer STRING, amount_with_tax DECIMAL(13, 3)) WITH ('connector' = 'blackhole');

EXPLAIN INSERT INTO big_orders
SELECT order_id, customer, amount_with_tax FROM (SELECT * FROM orders) AS o WHERE amount > 100 AND customer LIKE 'A%';
