-- The job of the restore fixture (paths relative to the working directory). make-fixture.mjs runs it over
-- input/ with a monitored folder and stops it with a savepoint; restore-fixture.test.ts resumes it from the
-- checked-in savepoint over input/ plus input-after/ and checks what it writes. Do not change this job: the
-- savepoint must keep restoring into exactly this query in later versions of Weir.
CREATE TABLE clicks (
  user_name STRING,
  url STRING,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts
) WITH (
  'connector' = 'filesystem',
  'path' = 'input',
  'format' = 'csv'
  /*MONITOR*/
);

CREATE TABLE user_counts (user_name STRING, clicks BIGINT, PRIMARY KEY (user_name) NOT ENFORCED)
WITH ('connector' = 'filesystem', 'path' = 'out/user-counts', 'format' = 'debezium-json');

CREATE TABLE window_counts (user_name STRING, window_start TIMESTAMP(3), window_end TIMESTAMP(3), clicks BIGINT)
WITH ('connector' = 'filesystem', 'path' = 'out/window-counts', 'format' = 'csv');

EXECUTE STATEMENT SET BEGIN
  INSERT INTO user_counts SELECT user_name, COUNT(*) FROM clicks GROUP BY user_name;
  INSERT INTO window_counts
  SELECT user_name, window_start, window_end, COUNT(*)
  FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND))
  GROUP BY user_name, window_start, window_end;
END;
