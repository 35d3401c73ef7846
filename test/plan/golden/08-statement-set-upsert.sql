CREATE TABLE events (usr STRING, kind STRING, n INT) WITH ('connector' = 'datagen');
CREATE TABLE per_user (usr STRING, total INT, PRIMARY KEY (usr) NOT ENFORCED) WITH ('connector' = 'upsert');
CREATE TABLE per_kind (kind STRING, users BIGINT, PRIMARY KEY (kind) NOT ENFORCED) WITH ('connector' = 'upsert');
CREATE TABLE raw_copy (usr STRING, kind STRING, n INT) WITH ('connector' = 'append');
SET 'parallelism.default' = '4';

-- One job, the source shared by three sinks.
EXPLAIN EXECUTE STATEMENT SET BEGIN
  INSERT INTO per_user SELECT usr, SUM(n) FROM events GROUP BY usr;
  INSERT INTO per_kind SELECT kind, COUNT(DISTINCT usr) FROM events GROUP BY kind;
  INSERT INTO raw_copy SELECT * FROM events;
END;

-- The upsert key (kind) differs from the sink's primary key (usr): materialise before the sink.
EXPLAIN CHANGELOG_MODE INSERT INTO per_user SELECT MAX(usr), CAST(COUNT(*) AS INT) FROM events GROUP BY kind;

SET 'table.exec.sink.upsert-materialize' = 'NONE';
EXPLAIN INSERT INTO per_user SELECT MAX(usr), CAST(COUNT(*) AS INT) FROM events GROUP BY kind;
