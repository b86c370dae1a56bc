"""The closed list of keys each language table may hold (dateparser's validation).

``SCHEMAS[file][section]`` gives the section's shape:
- ``entries``: an array of tables; ``required`` and ``optional`` keys; ``unique``
  names the key whose folded value must not repeat in the section.
- ``patterns``: a table of named regex fragments composed by ``{name}`` reference.
Every entry must carry ``example``: a short sentence we wrote, which a test matches
against the entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Section:
    """Shape of one section of a table file."""

    shape: Literal["entries", "patterns"]
    required: frozenset[str] = frozenset()
    optional: frozenset[str] = frozenset()
    unique: str | None = None


def entries(
    required: set[str], optional: set[str] | None = None, unique: str | None = None
) -> Section:
    """An array-of-tables section; ``example`` is always required, ``note`` allowed."""
    return Section(
        "entries",
        frozenset(required | {"example"}),
        frozenset((optional or set()) | {"note"}),
        unique,
    )


PATTERNS = Section("patterns")

SCHEMAS: dict[str, dict[str, Section]] = {
    "abbreviations": {
        "abbreviation": entries({"short", "full"}, {"kind"}, unique="short"),
    },
    "unit_kinds": {
        # regexes of a few words, where a phrase list would not say it
        "patterns": PATTERNS,
        "kind": entries({"name", "level"}, {"aliases"}, unique="name"),
        "head": entries({"phrase", "shape"}, None, unique="phrase"),
        "location": entries({"phrase"}, None, unique="phrase"),
        "quantifier": entries({"phrase"}, None, unique="phrase"),
        "linker": entries({"phrase"}, None, unique="phrase"),
        "anaphor": entries({"phrase", "refers"}, {"unless_after"}, unique="phrase"),
        "comma_word": entries({"phrase"}, None, unique="phrase"),
        "group": entries({"phrase", "kinds"}, None, unique="phrase"),
        "not_head": entries({"phrase"}, None, unique="phrase"),
        "tail_stop": entries({"phrase"}, None, unique="phrase"),
    },
    "cues": {
        # regexes of a few words each, where a phrase list would not say it
        "patterns": PATTERNS,
        "directive": entries(
            {"phrase", "role"},
            {"weight", "position", "requires", "subject_owns"},
            unique="phrase",
        ),
        "lead": entries({"phrase"}, None, unique="phrase"),
        "support": entries({"phrase"}, None, unique="phrase"),
        "report_to": entries({"phrase"}, None, unique="phrase"),
        "scope": entries({"phrase"}, {"requires"}, unique="phrase"),
        "action_verb": entries({"phrase"}, {"strong"}, unique="phrase"),
        "past": entries({"phrase"}, None, unique="phrase"),
        "not_directive": entries({"phrase"}, None, unique="phrase"),
        "event_holder": entries({"phrase"}, None, unique="phrase"),
        "future": entries({"phrase"}, None, unique="phrase"),
        "report_words": entries({"phrase"}, None, unique="phrase"),
        "intro": entries({"phrase"}, {"kind"}, unique="phrase"),
        "elaboration": entries({"phrase"}, None, unique="phrase"),
        "speech": entries({"phrase"}, None, unique="phrase"),
        "condition": entries({"phrase"}, None, unique="phrase"),
        "quantity": entries({"phrase"}, None, unique="phrase"),
        "heading_word": entries({"phrase"}, None, unique="phrase"),
        "conjunction": entries({"phrase"}, None, unique="phrase"),
        "consent": entries({"phrase"}, None, unique="phrase"),
        "adjunct": entries({"phrase"}, {"kind"}, unique="phrase"),
        "preposition": entries({"phrase"}, None, unique="phrase"),
        "coordinator": entries({"phrase"}, None, unique="phrase"),
        "addressee_label": entries({"phrase"}, None, unique="phrase"),
        "distribution": entries({"phrase"}, None, unique="phrase"),
        "page_chrome": entries({"phrase"}, {"alone"}, unique="phrase"),
        "work_product": entries({"phrase"}, None, unique="phrase"),
        "meeting": entries({"phrase"}, None, unique="phrase"),
        "agent": entries({"phrase"}, None, unique="phrase"),
        "reported_speech": entries({"phrase"}, None, unique="phrase"),
        "caption": entries({"phrase"}, None, unique="phrase"),
        "closing": entries({"phrase"}, None, unique="phrase"),
        "attendance": entries({"phrase"}, None, unique="phrase"),
        "connective": entries({"phrase"}, None, unique="phrase"),
        "aim_heading": entries({"phrase"}, None, unique="phrase"),
        "proposal": entries({"phrase"}, None, unique="phrase"),
        "generic_work": entries({"phrase", "kind"}, None, unique="phrase"),
        "completion": entries({"phrase"}, None, unique="phrase"),
        "page_end": entries({"phrase"}, None, unique="phrase"),
        "liability": entries({"phrase", "kind"}, None, unique="phrase"),
        "qualifier": entries({"phrase"}, None, unique="phrase"),
        "section_word": entries({"phrase"}, None, unique="phrase"),
        "field": entries({"phrase", "kind"}, None, unique="phrase"),
    },
    "date_words": {
        "patterns": PATTERNS,
        "marker": entries({"phrase", "kind"}, None, unique="phrase"),
        "period": entries({"phrase", "kind"}, {"months"}, unique="phrase"),
        "recurrence": entries({"phrase", "value"}, None, unique="phrase"),
        # days a person types (tracker.dates.parse_cli_date): "hôm nay", "cuối tháng"
        "typed_day": entries({"phrase", "means"}, None, unique="phrase"),
        # "thứ Hai", "chủ nhật" (0 = Monday) and "tuần sau" (+1 week)
        "weekday": entries({"phrase", "day"}, None, unique="phrase"),
        "week": entries({"phrase", "shift"}, None, unique="phrase"),
    },
    "not_deadlines": {
        "context": entries({"phrase", "reason"}, None, unique="phrase"),
    },
    "doc_numbers": {
        "patterns": PATTERNS,
        "kind": entries({"code", "name"}, {"assigns"}, unique="code"),
    },
    # the NĐ 30 header and the Nơi nhận list (extract/header.py, tracking/intake.py)
    "header": {
        "patterns": PATTERNS,
        "anaphor": entries({"phrase"}, None, unique="phrase"),
        "skip": entries({"phrase", "where"}, None, unique="phrase"),
        "own_office": entries({"phrase"}, None, unique="phrase"),
    },
    # the shape of a Vietnamese syllable (load/legacy.py tells legacy encodings apart)
    "syllables": {
        "patterns": PATTERNS,
    },
}
