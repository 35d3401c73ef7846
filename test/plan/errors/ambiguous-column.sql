CREATE TABLE a (id BIGINT, v INT) WITH ('connector' = 'datagen');
CREATE TABLE b (id BIGINT, w INT) WITH ('connector' = 'datagen');
SELECT id FROM a JOIN b ON a.id = b.id;
