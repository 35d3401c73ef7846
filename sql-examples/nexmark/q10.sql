-- Nexmark q10, log to file system: write every bid out with the date and the hour it was placed, as a
-- partitioned file sink would receive it (the benchmark writes to a filesystem; here the rows go to a
-- blackhole so that only the per-record formatting work remains).
CREATE TABLE nexmark_q10 (
  auction BIGINT,
  bidder BIGINT,
  price BIGINT,
  dateTime TIMESTAMP(3),
  extra VARCHAR,
  dt STRING,
  hm STRING
) WITH ('connector' = 'blackhole');

INSERT INTO nexmark_q10
SELECT auction, bidder, price, dateTime, extra, DATE_FORMAT(dateTime, 'yyyy-MM-dd'), DATE_FORMAT(dateTime, 'HH:mm')
FROM bid;
