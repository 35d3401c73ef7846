-- Windows over a checkpointed, rate-limited sequence (2 s of input), printed as they fire.
-- The print connector is not transactional (as in Flink): after a recovery it may print a window again, which is
-- why the golden tests accept repeated print lines in their failure modes, but never a wrong or missing one.
-- @failpoint: sink=after-records:3

SET 'execution.checkpointing.interval' = '100 ms';
SET 'table.dml-sync' = 'true';

CREATE TABLE readings (
  id BIGINT,
  ts AS TO_TIMESTAMP_LTZ(id * 100, 3),
  WATERMARK FOR ts AS ts
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '100',
  'fields.id.kind' = 'sequence',
  'fields.id.start' = '0',
  'fields.id.end' = '199'
);

CREATE TABLE per_window (window_start TIMESTAMP(3), window_end TIMESTAMP(3), readings BIGINT, id_sum BIGINT)
WITH ('connector' = 'print');

INSERT INTO per_window
SELECT window_start, window_end, COUNT(*), SUM(id)
FROM TABLE(TUMBLE(TABLE readings, DESCRIPTOR(ts), INTERVAL '2' SECOND))
GROUP BY window_start, window_end;
