"""The checks, one module per family; each takes a CheckContext and returns findings."""
