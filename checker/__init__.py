"""Warrant: a checker for AI safety cases.

The pipeline runs one way: text -> parse tree (parser) -> syntax nodes (build)
-> resolved model (resolve, typecheck) -> argument graph (graph) -> Z3 queries
(encode, solver) -> findings (checks) -> reporters. `checker.api` is the
entry point for scripts.
"""
from .api import (Report, Summary, check_path, check_text, diff_cases, diff_configs, exit_code, scope_config,
                  scope_configs, scope_target)
from .findings.review import ReviewSet

__all__ = ["Report", "ReviewSet", "Summary", "check_path", "check_text", "diff_cases", "diff_configs", "exit_code",
           "scope_config", "scope_configs", "scope_target"]
__version__ = "0.1.0"
