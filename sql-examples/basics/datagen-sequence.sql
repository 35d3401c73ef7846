-- The datagen connector with a sequence field: numbers 1 to 10, then bounded. Grouping them
-- by remainder shows each group's count and sum growing, one retraction at a time.

SET 'sql-client.execution.result-mode' = 'tableau';

CREATE TABLE numbers (
  n INT
) WITH (
  'connector' = 'datagen',
  'fields.n.kind' = 'sequence',
  'fields.n.start' = '1',
  'fields.n.end' = '10'
);

SELECT n % 3 AS bucket, COUNT(*) AS cnt, SUM(n) AS total
FROM numbers
GROUP BY n % 3;
