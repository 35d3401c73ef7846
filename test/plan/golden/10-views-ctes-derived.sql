CREATE TABLE orders (id BIGINT, customer STRING, amount DECIMAL(10, 2), ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'datagen');
CREATE VIEW big_orders AS SELECT id, customer, amount, ts FROM orders WHERE amount > 100;
CREATE TABLE report (customer STRING, orders BIGINT, total DECIMAL(38, 2)) WITH ('connector' = 'print');

-- A view, a CTE, a derived table with column aliases and a window over the view's rowtime.
EXPLAIN INSERT INTO report
WITH per_customer AS (SELECT customer, COUNT(*) AS orders, SUM(amount) AS total FROM big_orders GROUP BY customer)
SELECT c, o, t FROM per_customer AS p (c, o, t) WHERE o > 1;

EXPLAIN
SELECT window_start, COUNT(*) AS cnt FROM TABLE(TUMBLE(TABLE big_orders, DESCRIPTOR(ts), INTERVAL '1' HOUR)) GROUP BY window_start, window_end;

-- OPTIONS hints change the table's options for one query.
EXPLAIN SELECT id FROM orders /*+ OPTIONS('rows-per-second' = '5') */;
