"""What every stage reports: the rule registry, findings, and the report of one checked file."""
