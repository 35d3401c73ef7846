SELECT a b c FROM orders;
