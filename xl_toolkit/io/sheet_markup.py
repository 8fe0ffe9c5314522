"""Byte patterns over a worksheet's XML, shared by the archive guard and the reader.

Excel, WPS and openpyxl write unprefixed markup (`<row>`, `<c>`); patterns that start with that literal tag are
several times faster than ones allowing any namespace prefix. A sheet (or chunk of one) that uses a prefixed tag
anywhere gets the prefix-tolerant patterns, so hand-made archives are read the same way, only slower.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
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
    #: A formula element (for `search`: where the match starts may differ between kinds of markup).
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


_PLAIN = replace(
    _patterns(b""),
    # The same matches (a formula found at its "f" rather than its "<"), sought from a rarer first byte: the regex
    # engine scans quickest for a pattern's first literal, and "w" and "f" are under 1% of a sheet's bytes, "<" 6%.
    row=re.compile(rb"w(?<=<row)\b([^>]*)>"),
    formula=re.compile(rb"f(?<=<f)[\s>/]"),
)
_ANY_PREFIX = _patterns(rb"(?:[\w.-]+:)?")


def sheet_patterns(xml: bytes) -> SheetPatterns:
    """The patterns to scan this sheet XML (or chunk of it) with."""
    return _ANY_PREFIX if _PREFIXED_TAG.search(xml) else _PLAIN


@lru_cache(maxsize=64)
def styled_cell_pattern(prefix: bytes, styles: frozenset[int]) -> re.Pattern[bytes]:
    """A cell start tag styled with one of `styles` (cell format indexes): its attributes in group 1."""
    return re.compile(rb"<" + prefix + rb'c\b([^>]*?\bs="(?:' + _indexes(styles) + rb')"[^>]*)>')


def styled_cell_attributes(xml: bytes, patterns: SheetPatterns, styles: frozenset[int]) -> list[bytes]:
    """`styled_cell_pattern(patterns.prefix, styles).findall(xml)`: the attributes of the cells styled so."""
    if patterns.prefix:
        return styled_cell_pattern(patterns.prefix, styles).findall(xml)
    # Fast path, equal to that findall for unprefixed markup: the pattern's lazy search for s="…" walks every cell
    # tag to its end, while few cells carry a wanted style. So find each s="…" and take the tag around it: a match
    # never spans a ">", so it is the first "<c" (a cell's start) of that stretch, before the attribute, to the ">".
    found = []
    matched = -1
    for hit in _style_attribute(styles).finditer(xml):
        at = hit.start()
        if at < matched or xml[at - 1] in _WORD:  # within the tag just taken; or no \b before the s
            continue
        close = xml.find(b">", at)
        if close == -1:
            break
        cell = _CELL_START.search(xml, xml.rfind(b">", 0, at) + 1, at)
        if cell is not None:
            found.append(xml[cell.end():close])
            matched = close
    return found


#: The start of a cell tag in unprefixed markup.
_CELL_START = re.compile(rb"<c\b")
#: The bytes \w stands for in a bytes pattern.
_WORD = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


@lru_cache(maxsize=64)
def _style_attribute(styles: frozenset[int]) -> re.Pattern[bytes]:
    return re.compile(rb's="(?:' + _indexes(styles) + rb')"')


def _indexes(styles: frozenset[int]) -> bytes:
    return b"|".join(str(style).encode() for style in sorted(styles))
