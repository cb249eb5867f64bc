"""Warrant: a checker for AI safety cases.

The pipeline runs one way: text -> parse tree (parser) -> syntax nodes (build)
-> resolved model (resolve, typecheck) -> argument graph (graph) -> Z3 queries
(encode, solver) -> findings (checks) -> reporters. `checker.api` is the
entry point for scripts; its names are loaded on first use, so `warrant
--help` does not load the pipeline.
"""
__all__ = ["Report", "ReviewSet", "Summary", "check_path", "check_text", "diff_cases", "diff_configs", "exit_code",
           "scope_config", "scope_configs", "scope_target"]
__version__ = "0.1.0"


def __getattr__(name: str):
    if name == "ReviewSet":
        from .findings.review import ReviewSet

        return ReviewSet
    if name in __all__:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
