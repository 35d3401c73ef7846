-- A mistake in a script: the error names the table, points at it in the script (LINE is
-- the line in this file) and suggests the table that exists. `weir -f` stops there and
-- exits with a non-zero code; the last statement never runs.
-- @fail: PLAN_TABLE_NOT_FOUND

CREATE TABLE orders (
  order_id INT,
  amount INT
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '3'
);

SELECT order_id, amount
FROM orderz;

SELECT 'never printed';
