"""The language server (`warrant lsp`): diagnostics, hover, definitions, references, symbols, completion,
formatting and quick fixes for case files, over the Language Server Protocol.

Only `cli/lsp.py` imports this package, and only when the command runs: it needs the
optional `lsp` extra (pygls). `index.py` and `features.py` are plain Python over the
syntax tree and the check report; `server.py` speaks the protocol.
"""
