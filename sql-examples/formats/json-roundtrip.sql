-- JSON in and out: read newline-delimited JSON (a missing field and an explicit null both
-- become NULL), write a transformed copy with the filesystem connector, then read the
-- written files back, once as rows and once as raw lines to see the JSON Weir wrote.
-- The output lands in weir-out/json-roundtrip/ under the working directory.

SET 'sql-client.execution.result-mode' = 'tableau';
SET 'table.dml-sync' = 'true';

CREATE TABLE people (
  id INT,
  name STRING,
  city STRING,
  score DOUBLE
) WITH (
  'connector' = 'filesystem',
  'path' = 'sql-examples/data/people.json',
  'format' = 'json'
);

CREATE TABLE top_people (
  id INT,
  name STRING,
  city STRING,
  score DOUBLE
) WITH (
  'connector' = 'filesystem',
  'path' = 'weir-out/json-roundtrip',
  'format' = 'json'
);

INSERT INTO top_people
SELECT id, UPPER(name), city, score * 2
FROM people
WHERE score > 1;

SELECT * FROM top_people;

CREATE TABLE top_people_lines (
  line STRING
) WITH (
  'connector' = 'filesystem',
  'path' = 'weir-out/json-roundtrip',
  'format' = 'raw'
);

SET 'table.display.max-column-width' = '60';

SELECT line FROM top_people_lines;
