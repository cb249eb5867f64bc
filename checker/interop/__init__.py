"""Other formats in and out of the case language: gsn2x diagrams and deployment configurations."""
