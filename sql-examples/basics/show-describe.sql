-- Inspecting the catalog and the session: SHOW TABLES, DESCRIBE, SET.

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

CREATE VIEW big_orders AS SELECT order_id, amount FROM orders WHERE amount >= 5;

SHOW TABLES;

DESCRIBE orders;

SET 'pipeline.name' = 'nightly-report';

SET 'pipeline.name';

RESET 'pipeline.name';

SET;
