CREATE TABLE t (k STRING, v INT, w INT) WITH ('connector' = 'datagen');
SELECT k, v, SUM(w) FROM t GROUP BY k;
