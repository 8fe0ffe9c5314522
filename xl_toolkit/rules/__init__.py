"""Validation rules: the catalogue of finding codes and the checks that yield them (pure core)."""

from .catalogue import CATALOGUE, Rule, finding

__all__ = ["CATALOGUE", "Rule", "finding"]
