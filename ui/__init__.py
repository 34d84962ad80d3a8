"""LawDesk user interface (Qt only; all data work goes through core)."""
