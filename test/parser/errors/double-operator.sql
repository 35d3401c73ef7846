SELECT a FROM orders WHERE a = = 1;
