-- Session windows per user: clicks less than 10 seconds apart belong to one session.
-- A session ends 10 seconds after its last click; it is reported once the watermark
-- passes that point.

SET 'sql-client.execution.result-mode' = 'tableau';

CREATE TABLE clicks (
  user_name STRING,
  url STRING,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'sql-examples/data/clicks.csv',
  'format' = 'csv'
);

SELECT user_name, window_start, window_end, COUNT(*) AS clicks
FROM TABLE(SESSION(TABLE clicks PARTITION BY user_name, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY user_name, window_start, window_end;
