"""学法记录 (study sessions): sessions, the law catalogue, attendance, per-person hours, exports and import."""
