-- A checkpointed job writing to files, then reading them back: what a reader of the output folders sees.
-- A rate-limited sequence (1.5 s of input) feeds a keyed tumbling-window count and a running total per key, both
-- written by exactly-once filesystem sinks (part files become visible when a checkpoint completes). The golden
-- tests also run this script with a failure and a restart, and kill it and restore it from its last checkpoint
-- at another parallelism: the files must hold exactly the same rows.
-- @sort
-- @failpoint: sink=after-records:200

SET 'execution.checkpointing.interval' = '100 ms';
SET 'table.dml-sync' = 'true';

CREATE TABLE readings (
  id BIGINT,
  ts AS TO_TIMESTAMP_LTZ(id * 100, 3),
  sensor AS CONCAT('s', CAST(id % 3 AS STRING)),
  WATERMARK FOR ts AS ts
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '200',
  'fields.id.kind' = 'sequence',
  'fields.id.start' = '0',
  'fields.id.end' = '299'
);

CREATE TABLE per_window (sensor STRING, window_start TIMESTAMP(3), readings BIGINT, id_sum BIGINT)
WITH ('connector' = 'filesystem', 'path' = 'weir-out/checkpointed-counts/windows', 'format' = 'csv');

CREATE TABLE totals (sensor STRING, readings BIGINT, id_sum BIGINT, PRIMARY KEY (sensor) NOT ENFORCED)
WITH ('connector' = 'filesystem', 'path' = 'weir-out/checkpointed-counts/totals', 'format' = 'debezium-json');

EXECUTE STATEMENT SET BEGIN
  INSERT INTO per_window
  SELECT sensor, window_start, COUNT(*), SUM(id)
  FROM TABLE(TUMBLE(TABLE readings, DESCRIPTOR(ts), INTERVAL '5' SECOND))
  GROUP BY sensor, window_start, window_end;
  INSERT INTO totals SELECT sensor, COUNT(*), SUM(id) FROM readings GROUP BY sensor;
END;

SET 'execution.runtime-mode' = 'batch';
SET 'sql-client.execution.result-mode' = 'tableau';

SELECT sensor, COUNT(*) AS windows, SUM(readings) AS readings, SUM(id_sum) AS id_sum FROM per_window GROUP BY sensor;

SELECT * FROM per_window WHERE window_start < TIMESTAMP '1970-01-01 00:00:10';

-- The running totals are a changelog spread over several part files, which a reader sees in no particular order.
-- Read as plain lines, sums over the changes (an update adds its after image and subtracts its before image) do
-- not depend on that order, and a lost or repeated change would show.
CREATE TABLE totals_changes (line STRING)
WITH ('connector' = 'filesystem', 'path' = 'weir-out/checkpointed-counts/totals', 'format' = 'raw');

SELECT
  COUNT(*) AS changes,
  SUM(IF(JSON_VALUE(line, '$.after.sensor') IS NULL, 0, 1) - IF(JSON_VALUE(line, '$.before.sensor') IS NULL, 0, 1)) AS sensors,
  SUM(COALESCE(CAST(JSON_VALUE(line, '$.after.readings') AS BIGINT), 0) - COALESCE(CAST(JSON_VALUE(line, '$.before.readings') AS BIGINT), 0)) AS readings,
  SUM(COALESCE(CAST(JSON_VALUE(line, '$.after.id_sum') AS BIGINT), 0) - COALESCE(CAST(JSON_VALUE(line, '$.before.id_sum') AS BIGINT), 0)) AS id_sum
FROM totals_changes;
