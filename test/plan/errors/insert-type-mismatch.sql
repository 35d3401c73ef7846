CREATE TABLE src (a INT, b STRING) WITH ('connector' = 'datagen');
CREATE TABLE dst (a INT, b INT) WITH ('connector' = 'blackhole');
INSERT INTO dst SELECT a, b FROM src;
INSERT INTO dst SELECT a FROM src;
