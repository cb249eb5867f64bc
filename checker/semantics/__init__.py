"""Stage 2: syntax nodes -> resolved model -> argument graph; the plain evaluator that gives formulas their meaning."""
