"""Byte patterns over a worksheet's XML, shared by the archive guard and the reader.

Excel, WPS and openpyxl write unprefixed markup (`<row>`, `<c>`); patterns that start with that literal tag are
several times faster than ones allowing any namespace prefix. A sheet (or chunk of one) that uses a prefixed tag
anywhere gets the prefix-tolerant patterns, so hand-made archives are read the same way, only slower.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

#: Any prefixed use of the tags scanned below (a false hit only costs the slower patterns).
_PREFIXED_TAG = re.compile(rb":(?:row|c|f|mergeCell)\b")


@dataclass(frozen=True)
class SheetPatterns:
    """The patterns for one kind of markup (unprefixed, or any prefix)."""

    #: What may stand before a tag name: nothing, or a pattern for any prefix.
    prefix: bytes
    #: A row's start tag, its attributes in group 1.
    row: re.Pattern[bytes]
    #: A cell's column letters (group 1), from its `r` attribute.
    cell_column: re.Pattern[bytes]
    #: A merged range: first column, first row, last column, last row.
    merge: re.Pattern[bytes]
    #: A formula element.
    formula: re.Pattern[bytes]
    #: A whole cell element: attributes in group 1, content (if any) in group 2.
    cell: re.Pattern[bytes]


def _patterns(prefix: bytes) -> SheetPatterns:
    end_cell = rb"</" + prefix + rb"c>"
    return SheetPatterns(
        prefix=prefix,
        row=re.compile(rb"<" + prefix + rb"row\b([^>]*)>"),
        cell_column=re.compile(rb"<" + prefix + rb'c\b[^>]*?\sr="([A-Z]{1,3})\d'),
        merge=re.compile(rb"<" + prefix + rb'mergeCell\b[^>]*?\sref="([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"'),
        formula=re.compile(rb"<" + prefix + rb"f[\s>/]"),
        cell=re.compile(rb"<" + prefix + rb"c(?=[\s/>])([^>]*?)(?:/>|>(.*?)" + end_cell + rb")", re.DOTALL),
    )


_PLAIN = _patterns(b"")
_ANY_PREFIX = _patterns(rb"(?:[\w.-]+:)?")


def sheet_patterns(xml: bytes) -> SheetPatterns:
    """The patterns to scan this sheet XML (or chunk of it) with."""
    return _ANY_PREFIX if _PREFIXED_TAG.search(xml) else _PLAIN


@lru_cache(maxsize=64)
def styled_cell_pattern(prefix: bytes, styles: frozenset[int]) -> re.Pattern[bytes]:
    """A cell start tag styled with one of `styles` (cell format indexes): its attributes in group 1."""
    indexes = b"|".join(str(style).encode() for style in sorted(styles))
    return re.compile(rb"<" + prefix + rb'c\b([^>]*?\bs="(?:' + indexes + rb')"[^>]*)>')
