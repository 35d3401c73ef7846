CREATE TABLE t (k STRING) WITH ('connector' = 'datagen', 'rows-per-secnd' = '5');
