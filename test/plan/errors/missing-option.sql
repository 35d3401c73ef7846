CREATE TABLE t (k STRING) WITH ('connector' = 'filesystem', 'format' = 'json');
