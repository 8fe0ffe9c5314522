"""Text normalisation: NFKC width folding plus a traditional/variant-to-simplified fold for matching."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

#: The invisible characters `nfkc` drops, as the body of a regex character class.
INVISIBLE = "\u200b-\u200f\u2060\ufeff\u00ad"
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def nfkc(text: str) -> str:
    """NFKC-normalise (full-width digits, letters and punctuation to half-width) and drop invisible characters."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The matching key of a text: NFKC, simplified characters, no whitespace."""
    return _SPACES.sub("", _converter().convert(nfkc(text)))


def squeeze(text: str) -> str:
    """Collapse runs of whitespace to one space and strip the ends."""
    return _SPACES.sub(" ", text).strip()
