SELEC a FROM orders;
