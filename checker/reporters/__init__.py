"""Output formats, one module each; all render the same Report objects."""
