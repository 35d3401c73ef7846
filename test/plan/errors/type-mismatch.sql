CREATE TABLE t (name STRING, n INT) WITH ('connector' = 'datagen');
SELECT name + n FROM t;
