CREATE TABLE t (k STRING, v INT) WITH ('connector' = 'datagen');
SELECT k, MAX(COUNT(v)) FROM t GROUP BY k;
