"""Service functions: what a CLI command and an Excel button both call (files in, files out)."""
