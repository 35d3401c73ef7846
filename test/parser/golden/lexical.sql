-- Keywords in any case, identifiers keep case, backticks, comments and empty statements.
select A, b From T where A = 1;
SeLeCt `Select`, `a``b`, `with space`, `123` FROM `my table`;
SELECT -- trailing comment
  a /* block
  comment */ , b
FROM t; -- after the statement
;;
SELECT 'semi;colon', `semi;colon` FROM t;
SELECT dateTime, name, state, `value`, `timestamp`, `count` FROM nexmark;
SELECT t.`value`, t.value, t.timestamp FROM t;
SELECT 1 AS Key, 2 AS data, 3 AS type, 4 AS name, 5 AS `comment`
