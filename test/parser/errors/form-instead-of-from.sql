SELECT *
FORM orders;
