CREATE TABLE words (word STRING, len INT) WITH ('connector' = 'datagen');
CREATE TABLE counts (word STRING, cnt BIGINT, total INT) WITH ('connector' = 'print');
CREATE TABLE upsert_counts (word STRING, cnt BIGINT, total INT, PRIMARY KEY (word) NOT ENFORCED) WITH ('connector' = 'upsert');

EXPLAIN CHANGELOG_MODE INSERT INTO counts SELECT word, COUNT(*) AS cnt, SUM(len) AS total FROM words GROUP BY word;

EXPLAIN CHANGELOG_MODE INSERT INTO upsert_counts SELECT word, COUNT(*) AS cnt, SUM(len) AS total FROM words GROUP BY word;

-- An aggregate over an aggregate needs retractions.
EXPLAIN CHANGELOG_MODE
SELECT cnt, COUNT(DISTINCT word) AS words, COUNT(*) FILTER (WHERE cnt > 1) AS repeated
FROM (SELECT word, COUNT(*) AS cnt FROM words GROUP BY word) GROUP BY cnt HAVING COUNT(*) > 0;
