CREATE TABLE words (word STRING, n INT) WITH ('connector' = 'datagen');
CREATE TABLE counts (word STRING, cnt BIGINT) WITH ('connector' = 'print');
SET 'parallelism.default' = '2';

EXPLAIN ESTIMATED_COST INSERT INTO counts SELECT word, COUNT(*) FROM words WHERE n > 5 GROUP BY word;

EXPLAIN JSON_EXECUTION_PLAN INSERT INTO counts SELECT word, COUNT(*) FROM words WHERE n > 5 GROUP BY word;

EXPLAIN PLAN FOR SELECT UPPER(word) AS w FROM words WHERE word LIKE 'a%';
