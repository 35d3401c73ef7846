CREATE TABLE words (word STRING) WITH ('connector' = 'datagen');
CREATE TABLE out_words (word STRING, cnt BIGINT) WITH ('connector' = 'append');
INSERT INTO out_words SELECT word, COUNT(*) AS cnt FROM words GROUP BY word;
