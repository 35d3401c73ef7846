-- UNNEST: one output row per array element, next to the columns of its input row.

SET 'sql-client.execution.result-mode' = 'tableau';

CREATE TEMPORARY VIEW posts AS
SELECT * FROM (VALUES
  (1, 'intro', ARRAY['sql', 'streaming']),
  (2, 'windows', ARRAY['sql', 'time', 'windows']),
  (3, 'misc', ARRAY['misc'])
) AS t(id, title, tags);

SELECT id, title, tag
FROM posts
CROSS JOIN UNNEST(tags) AS u(tag);
