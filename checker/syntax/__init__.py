"""Stage 1: text -> parse tree -> syntax nodes. Source files and spans, the Lark parser, frozen node classes, the builder."""
