CREATE TABLE bids (
  item STRING,
  price DECIMAL(10, 2),
  bidder BIGINT,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH ('connector' = 'datagen');
CREATE TABLE win_out (window_start TIMESTAMP(3), window_end TIMESTAMP(3), item STRING, total DECIMAL(38, 2), cnt BIGINT) WITH ('connector' = 'append');

EXPLAIN CHANGELOG_MODE INSERT INTO win_out
SELECT window_start, window_end, item, SUM(price) AS total, COUNT(*) AS cnt
FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' MINUTE))
GROUP BY window_start, window_end, item;

EXPLAIN INSERT INTO win_out
SELECT window_start, window_end, item, SUM(price), COUNT(*)
FROM TABLE(HOP(DATA => TABLE bids, TIMECOL => DESCRIPTOR(ts), SLIDE => INTERVAL '5' MINUTE, SIZE => INTERVAL '10' MINUTE))
WHERE price > 10
GROUP BY window_start, window_end, item;

EXPLAIN INSERT INTO win_out
SELECT window_start, window_end, item, SUM(price), COUNT(*)
FROM TABLE(CUMULATE(TABLE bids, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '1' HOUR))
GROUP BY window_start, window_end, item;

EXPLAIN INSERT INTO win_out
SELECT window_start, window_end, item, SUM(price), COUNT(*)
FROM TABLE(SESSION(TABLE bids PARTITION BY item, DESCRIPTOR(ts), INTERVAL '5' MINUTE))
GROUP BY window_start, window_end, item;

-- Cascading: a window aggregate over the window_time of another.
EXPLAIN
SELECT window_start, window_end, SUM(cnt) AS total
FROM TABLE(TUMBLE(TABLE (
  SELECT window_time AS wt, item, COUNT(*) AS cnt
  FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
  GROUP BY window_start, window_end, window_time, item
), DESCRIPTOR(wt), INTERVAL '1' HOUR))
GROUP BY window_start, window_end;
