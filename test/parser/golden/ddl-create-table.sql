-- Column kinds, constraints, watermark, options, LIKE and CTAS.
CREATE TABLE orders (
  order_id BIGINT,
  price DECIMAL(10, 2),
  buyer STRING
);

CREATE TEMPORARY TABLE IF NOT EXISTS cat1.db1.orders (
  id BIGINT NOT NULL PRIMARY KEY NOT ENFORCED COMMENT 'order id',
  amount DOUBLE,
  cost AS amount * 1.19 COMMENT 'with tax',
  event_time TIMESTAMP(3) METADATA FROM 'timestamp',
  `partition` BIGINT METADATA VIRTUAL,
  `offset` BIGINT METADATA FROM 'offset' VIRTUAL COMMENT 'kafka offset',
  headers MAP<STRING, BYTES> METADATA,
  proc_time AS PROCTIME(),
  WATERMARK FOR event_time AS event_time - INTERVAL '5' SECOND
)
COMMENT 'all orders'
PARTITIONED BY (amount, id)
WITH (
  'connector' = 'kafka',
  'topic' = 'orders',
  'properties.bootstrap.servers' = 'localhost:9092',
  'format' = 'json',
  'json.ignore-parse-errors' = 'it''s true'
);

CREATE TABLE pk_table (
  a INT NOT NULL,
  b STRING NOT NULL,
  c INT,
  PRIMARY KEY (a, b) NOT ENFORCED
) WITH ('connector' = 'upsert-kafka');

CREATE TABLE named_pk (
  a INT,
  CONSTRAINT pk_a PRIMARY KEY (a) NOT ENFORCED,
  ts TIMESTAMP_LTZ(3),
  WATERMARK FOR ts AS ts
);

CREATE TABLE enforced_pk (a INT, PRIMARY KEY (a));

CREATE TABLE derived_orders WITH ('connector' = 'print') LIKE orders;

CREATE TABLE derived_orders2 (
  extra INT
) WITH ('scan.startup.mode' = 'latest-offset')
LIKE orders (
  INCLUDING ALL
  EXCLUDING OPTIONS
  OVERWRITING WATERMARKS
  INCLUDING GENERATED
  EXCLUDING CONSTRAINTS
  INCLUDING METADATA
  EXCLUDING PARTITIONS
);

CREATE TABLE ctas WITH ('connector' = 'blackhole') AS SELECT id, amount FROM orders WHERE amount > 10;

CREATE TABLE t_no_columns WITH ('connector' = 'datagen', 'number-of-rows' = '10')
