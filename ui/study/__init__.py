"""学法记录 page: the session list, the session editor and per-person hours."""
