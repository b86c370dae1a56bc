"""The text pipeline: text → segments → directives → deadlines/owners → tasks.

``extract()`` only composes the stages; it touches no database and reads no clock.
Nothing below this package imports it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from tracker.extract.types import DocumentFacts, Extraction, TaskCandidate

# the time expressions that close a clause of their own ("… trước ngày 10/4 và Phòng
# Nội vụ tổng hợp …")
_FIRM_KINDS = frozenset({"by", "range", "period"})

if TYPE_CHECKING:
    from collections.abc import Sequence

    from tracker.extract.decide import Features

    Scored = tuple[TaskCandidate, Features]


def candidates(text: str, *, issued: date | None = None) -> tuple[DocumentFacts, list[Scored]]:
    """Every task candidate of one document with its features, before the decision.

    What ``extract()`` keeps and what ``bench/train_decision.py`` learns from. The text
    is read in NFC without invisible characters; spans refer to the NFC text given.
    """
    from tracker.lang.normal import nfc, strip_invisible

    source = nfc(text)
    clean, index = strip_invisible(source)
    facts, scored = _candidates(clean, issued)
    if clean == source:
        return facts, scored
    return facts, [(_remap(c, source, index), f) for c, f in scored]


def _remap(candidate: TaskCandidate, source: str, index: Sequence[int]) -> TaskCandidate:
    """A candidate found in the clean text, with its sentence span in ``source``."""
    from tracker.extract.types import Span

    start = index[candidate.span.start] if candidate.span.start < len(index) else len(source)
    end = index[candidate.span.end - 1] + 1 if candidate.span.end > 0 else start
    return replace(candidate, span=Span(start, end), sentence=source[start:end])


def _candidates(text: str, issued: date | None) -> tuple[DocumentFacts, list[Scored]]:
    from tracker.extract.assemble import assemble
    from tracker.extract.decide import DocumentShape
    from tracker.extract.directives import deadline_finder, find_directives
    from tracker.extract.document import assigning_kinds, document_facts
    from tracker.extract.segment import AndWords, ColonWords, segment, split_after_dates
    from tracker.extract.vocab import lowered, vocabulary

    facts = document_facts(text)
    if issued is not None:
        facts = replace(facts, issued=issued)
    v = vocabulary()
    find = deadline_finder(facts.issued, text, facts.year)
    sentences = segment(
        text,
        low=lowered(text),
        conjunction=v.conjunction,
        dates=lambda span: (h.span for h in find(span.slice(text), span.start)),
        colon=ColonWords(done=v.done_after, plural=v.quantifier),
    )
    sentences = split_after_dates(
        text,
        sentences,
        lambda span: {
            h.span.end for h in find(span.slice(text), span.start) if h.kind in _FIRM_KINDS
        },
        and_words=AndWords(new_subject=v.and_new_subject, trailing=v.and_end),
    )
    directives = find_directives(
        text,
        sentences,
        v=v,
        find=find,
        issued=facts.issued,
        assigning=facts.kind in assigning_kinds(),
    )
    shape = DocumentShape(issued=facts.issued, formal=facts.number is not None)
    return facts, assemble(text, directives, v=v, find=find, doc=shape, sentences=sentences)


def extract(text: str, *, issued: date | None = None) -> Extraction:
    """Extract the tasks of one document.

    ``text`` is the document's text (spans refer to its NFC form); ``issued`` overrides the document
    date found in the text (relative deadlines and year-less dates resolve from it).
    Each candidate's confidence is the decision model's probability; candidates under
    the model's ``keep`` threshold are left out.
    """
    from tracker.extract.assemble import drop_restatements
    from tracker.extract.decide import model
    from tracker.lang.normal import nfc

    facts, scored = candidates(text, issued=issued)
    decision = model()
    tasks: list[TaskCandidate] = []
    for candidate, feats in scored:
        p = decision.probability(feats)
        if p >= decision.keep:
            tasks.append(replace(candidate, confidence=round(p, 2)))
    return Extraction(facts, tuple(drop_restatements(nfc(text), tasks)))
