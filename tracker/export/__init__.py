"""Exports: one report model (``report.py``), one renderer per format.

Renderers import their heavy library (python-docx, openpyxl, icalendar) inside the
render function, so the command line starts fast. Every text from a document
passes through ``safe.py``.
"""
