-- A syntax error: statements before it run; the error shows the line and what was expected.
-- @fail: PARSE_

SET 'sql-client.execution.result-mode' = 'tableau';

SELECT 42 AS answer;

SELECT customer, COUNT(*)
FORM orders
GROUP BY customer;
