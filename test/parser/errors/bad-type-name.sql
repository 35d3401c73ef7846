CREATE TABLE t (
  id INTEGR,
  name STRING
);
