SELECT a FORM orders;
