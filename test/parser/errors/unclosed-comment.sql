SELECT a FROM t /* unfinished comment
