CREATE TABLE events (
  id BIGINT,
  comment STRING
);
