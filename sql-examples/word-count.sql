-- Word count, the classic streaming aggregation.
-- Reads a file of words, counts them per word, and prints the result as a changelog:
-- the first occurrence of a word inserts a row (+I); every later one retracts the old
-- count (-U) and adds the new one (+U).
--
--   npx weir -f sql-examples/word-count.sql

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
