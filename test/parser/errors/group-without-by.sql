SELECT a FROM orders GROUP a;
