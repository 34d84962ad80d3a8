"""LawDesk core: storage, domain rules, import and export. Never imports Qt."""
