"""Stage 3: model formulas -> Z3 queries. The only package that imports z3."""
