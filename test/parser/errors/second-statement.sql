SELECT a FROM orders; SELECT FROM orders;
