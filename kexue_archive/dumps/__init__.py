"""Parsers of the saved page formats: one module per format, parsing only."""
