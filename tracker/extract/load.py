"""Moved to ``tracker.load`` (one module per format); this name stays for older imports."""

from __future__ import annotations

from tracker.load import LoadedDocument, load_document
from tracker.load.html import html_to_text

__all__ = ["LoadedDocument", "html_to_text", "load_document"]
