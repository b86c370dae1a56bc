"""The text pipeline: text → segments → directives → deadlines/owners → tasks.

``extract()`` only composes the stages; it touches no database and reads no clock.
Nothing below this package imports it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tracker.extract.types import Extraction


def extract(text: str, *, issued: date | None = None) -> Extraction:
    """Extract the tasks of one document.

    ``text`` is the NFC text (spans refer to it); ``issued`` overrides the document
    date found in the text (relative deadlines and year-less dates resolve from it).
    """
    from tracker.extract.assemble import assemble
    from tracker.extract.directives import deadline_finder, find_directives
    from tracker.extract.document import document_facts
    from tracker.extract.segment import segment
    from tracker.extract.vocab import vocabulary

    facts = document_facts(text)
    if issued is not None:
        facts = replace(facts, issued=issued)
    v = vocabulary()
    find = deadline_finder(facts.issued, text)
    directives = find_directives(text, segment(text), v=v, find=find)
    return Extraction(facts, tuple(assemble(text, directives, v=v, find=find)))
