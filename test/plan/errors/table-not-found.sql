CREATE TABLE orders (id BIGINT, amount INT) WITH ('connector' = 'datagen');
SELECT id
FROM orderz;
