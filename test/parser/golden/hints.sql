-- Hints after SELECT, after table names and in INSERT; /*+ elsewhere is a comment.
SELECT /*+ BROADCAST(dim) */ * FROM fact JOIN dim ON fact.k = dim.k;
SELECT /*+ STATE_TTL('fact' = '1d', 'dim' = '12h'), SHUFFLE_HASH(dim) */ * FROM fact JOIN dim ON fact.k = dim.k;
SELECT /*+ A */ /*+ B(x, 'y z', 3) */ 1;
SELECT * FROM kafka_table /*+ OPTIONS('scan.startup.mode' = 'earliest-offset', 'properties.group.id' = 'g') */ AS k;
SELECT * FROM a /*+ OPTIONS('k' = 'v') */ JOIN b /*+ OPTIONS('k2' = 'v2') */ FOR SYSTEM_TIME AS OF a.pt ON a.x = b.x;
SELECT /*+ LOOKUP('table' = 'dim', 'retry-predicate' = 'lookup_miss', 'retry-strategy' = 'fixed_delay', 'fixed-delay' = '10s', 'max-attempts' = '3') */ * FROM t;
/*+ not a hint here */ SELECT 1 /*+ nor here */ FROM t;
