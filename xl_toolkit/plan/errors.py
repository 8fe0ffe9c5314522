"""Errors raised by plan import, with messages a clerk can read."""


class PlanImportError(ValueError):
    """The document could not be read as a plan; the message says why, in Chinese."""
