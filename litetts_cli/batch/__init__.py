"""`litetts batch`: many books through one pool, into a library folder."""
