"""人员 page: the staff roster list, editor and roster import."""
