-- Statement sets: several INSERTs run as one job reading the source once, first with
-- EXECUTE STATEMENT SET, then with the older BEGIN STATEMENT SET; ... END; form.
-- Two sinks print concurrently, so the output is compared sorted.
-- @sort

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

CREATE TABLE big_orders (
  order_id INT,
  amount INT
) WITH (
  'connector' = 'print',
  'print-identifier' = 'big'
);

CREATE TABLE apple_orders (
  order_id INT,
  customer STRING
) WITH (
  'connector' = 'print',
  'print-identifier' = 'apple'
);

EXECUTE STATEMENT SET BEGIN
  INSERT INTO big_orders SELECT order_id, amount FROM orders WHERE amount >= 5;
  INSERT INTO apple_orders SELECT order_id, customer FROM orders WHERE product = 'apple';
END;

BEGIN STATEMENT SET;

INSERT INTO big_orders SELECT order_id, amount FROM orders WHERE amount >= 7;

INSERT INTO apple_orders SELECT order_id, customer FROM orders WHERE product = 'apple' AND customer = 'alice';

END;
