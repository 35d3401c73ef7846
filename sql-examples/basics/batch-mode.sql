-- The word count again, in batch mode: instead of the changelog, the final result is shown
-- (no op column, columns as wide as their content, "N rows in set"). Row order is not
-- defined in batch mode, so the output is compared sorted.
-- @sort

SET 'execution.runtime-mode' = 'batch';
SET 'sql-client.execution.result-mode' = 'tableau';

CREATE TABLE words (
  word STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'sql-examples/data/words.csv',
  'format' = 'csv'
);

SELECT word, COUNT(*) AS cnt
FROM words
GROUP BY word;
