-- Views, catalogs, databases, DROP, ALTER and USE.
CREATE VIEW v AS SELECT a FROM t;
CREATE TEMPORARY VIEW IF NOT EXISTS db.v2 (x, y) COMMENT 'a view' AS SELECT a, b FROM t WHERE a > 0;
CREATE VIEW v3 AS WITH c AS (SELECT 1 AS n) SELECT n FROM c;
DROP TABLE t;
DROP TEMPORARY TABLE IF EXISTS cat.db.t;
DROP VIEW v;
DROP TEMPORARY VIEW IF EXISTS v2;
ALTER TABLE t SET ('connector' = 'kafka', 'topic' = 'new');
ALTER TABLE IF EXISTS db.t RESET ('topic', 'format');
ALTER TABLE t RENAME TO t2;
ALTER TABLE t RENAME TO other_db.t2;
CREATE CATALOG my_catalog WITH ('type' = 'generic_in_memory');
CREATE CATALOG IF NOT EXISTS c2 WITH ('type' = 'jdbc', 'default-database' = 'db');
DROP CATALOG my_catalog;
DROP CATALOG IF EXISTS c2;
CREATE DATABASE db1;
CREATE DATABASE IF NOT EXISTS my_catalog.db2 COMMENT 'second' WITH ('k' = 'v');
DROP DATABASE db1;
DROP DATABASE IF EXISTS my_catalog.db2 CASCADE;
DROP DATABASE db3 RESTRICT;
USE CATALOG my_catalog;
USE db1;
USE my_catalog.db2;
USE `catalog`
