CREATE TABLE t (name STRING, n INT) WITH ('connector' = 'datagen');
SELECT UPPPER(name) FROM t;
