"""Neutralising document text for spreadsheets and HTML.

A cell that begins with = + - @ (or a tab or carriage return) would be read by
Excel or LibreOffice as a formula ("=HYPERLINK(…)"): it gets a leading apostrophe
(OWASP's CSV-injection advice). HTML is escaped, quotes included.
Imports nothing from the package.
"""

from __future__ import annotations

import html as _html

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    """A spreadsheet-safe value: strings that could start a formula are quoted."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def html(value: object) -> str:
    """HTML-escaped text ("—" for None)."""
    return "—" if value is None else _html.escape(str(value), quote=True)
