CREATE TABLE t (k STRING) WITH ('connector' = 'kafkaa', 'topic' = 'x');
