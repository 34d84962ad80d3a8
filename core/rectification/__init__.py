"""整改事项 (rectification): items found by 督察、审计、自查… tracked through measures and progress to 销号."""
