"""Stage 3: model formulas -> Z3 queries. The only package that imports z3 (in its modules, not here)."""

DEFAULT_TIMEOUT = 10.0  # seconds per solver query; named here so that options need not load Z3
