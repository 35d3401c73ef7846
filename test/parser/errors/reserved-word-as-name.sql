SELECT id, value, timestamp
FROM events;
