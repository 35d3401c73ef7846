CREATE TABLE sales (region STRING, product STRING, amount BIGINT, ts TIMESTAMP(3), pt AS PROCTIME(), WATERMARK FOR ts AS ts) WITH ('connector' = 'datagen');
CREATE TABLE top_out (region STRING, product STRING, amount BIGINT, rn BIGINT, PRIMARY KEY (region, rn) NOT ENFORCED) WITH ('connector' = 'upsert');

-- Top-N per region, rank number written to an upsert sink keyed by (region, rn).
EXPLAIN CHANGELOG_MODE INSERT INTO top_out
SELECT region, product, amount, rn FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY region ORDER BY amount DESC) AS rn FROM sales
) WHERE rn <= 3;

-- Top-N without the rank number.
EXPLAIN
SELECT region, product FROM (
  SELECT region, product, RANK() OVER (PARTITION BY region ORDER BY amount DESC) AS r FROM sales
) WHERE r BETWEEN 2 AND 5;

-- Deduplication: keep the first row per product (processing time) and the last (event time).
EXPLAIN CHANGELOG_MODE
SELECT region, product, amount FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY product ORDER BY pt ASC) AS rn FROM sales
) WHERE rn = 1;

EXPLAIN CHANGELOG_MODE
SELECT region, product, amount FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY product ORDER BY ts DESC) AS rn FROM sales
) WHERE rn = 1;

-- ORDER BY ... LIMIT is a Top-N without partition; LIMIT alone is a limit.
EXPLAIN SELECT product, amount FROM sales ORDER BY amount DESC LIMIT 5;

EXPLAIN SELECT product FROM sales LIMIT 10;

-- Window Top-N over a window aggregation.
EXPLAIN
SELECT * FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY total DESC) AS rn FROM (
    SELECT window_start, window_end, product, SUM(amount) AS total
    FROM TABLE(TUMBLE(TABLE sales, DESCRIPTOR(ts), INTERVAL '10' MINUTE))
    GROUP BY window_start, window_end, product
  )
) WHERE rn <= 3;
