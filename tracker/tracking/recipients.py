"""Who a document's "Nơi nhận" list gives work to, and owners that point back at it.

A text that says "Đề nghị các đơn vị báo cáo …" or "các cơ quan, đơn vị nêu trên"
names no unit: the units are those it was sent to. They are the Nơi nhận items
(``extract.header``), "Như trên" standing for the "Kính gửi" addressees, except:

* the archive copy ("Lưu: VT, TH");
* those sent it for information or to report up to ("TT Huyện ủy (để b/c)",
  "Các phòng chuyên môn (để biết)");
* the issuer's own leaders and office ("CT, các PCT UBND huyện", "Văn phòng HĐND và
  UBND huyện" in a text of the UBND huyện).

The words are in ``lang/vi/header.toml`` (``anaphor``, ``skip``, ``own_office``).
Imports ``extract.header`` and ``lang``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from tracker.extract.header import Header
from tracker.lang import load_table
from tracker.lang.normal import key
from tracker.lang.units import unit_key


@functools.cache
def _anaphors() -> frozenset[str]:
    return frozenset(key(str(e["phrase"])) for e in load_table("header").section("anaphor"))


@functools.cache
def _skips() -> tuple[tuple[str, str], ...]:
    return tuple(
        (key(str(e["phrase"])), str(e["where"])) for e in load_table("header").section("skip")
    )


@functools.cache
def _own_office() -> re.Pattern[str]:
    words = sorted(
        (key(str(e["phrase"])) for e in load_table("header").section("own_office")),
        key=len,
        reverse=True,
    )
    alternatives = "|".join(re.escape(w) for w in words)
    return re.compile(rf"^(?:(?:{alternatives})(?:\s*,\s*|\s+và\s+|\s+))+")


@functools.cache
def _same_as_above() -> re.Pattern[str]:
    return re.compile(load_table("header").patterns["patterns"]["same_as_above"])


def is_anaphor(owner: str) -> bool:
    """Whether an owner text only points back at the recipients ("các đơn vị nêu trên")."""
    return key(owner).strip(" .,;:") in _anaphors()


def _skipped(item: str) -> bool:
    low = key(item)
    for phrase, where in _skips():
        if where == "start" and re.match(rf"{re.escape(phrase)}(?!\w)", low):
            return True
        if where == "anywhere" and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", low):
            return True
    return False


def _own(item: str, issuer: str | None) -> bool:
    """The issuer's own leaders or office ("CT, các PCT UBND huyện")."""
    low = key(item)
    match = _own_office().match(low + " ")
    if match is None:
        return False
    rest = unit_key(low[match.end() :])
    if not rest:
        return True
    if not issuer:
        return False
    own = unit_key(issuer)
    return any(own.startswith(part.strip()) for part in re.split(r"\s+và\s+", rest) if part)


def assignable(header: Header | None) -> tuple[str, ...]:
    """The recipients a task for "các đơn vị" goes to, as written, in order."""
    if header is None:
        return ()
    items: list[str] = []
    for item in header.recipients:
        if _same_as_above().match(key(item)):
            items += header.addressees
        else:
            items.append(item)
    out: list[str] = []
    for item in items:
        text = re.sub(r"\s*\((?:để|đề nghị)[^)]*\)\s*$", "", item).strip(" ;,.")
        if not text or _skipped(item) or _own(text, header.issuer):
            continue
        if text not in out:
            out.append(text)
    return tuple(out)


def expand_owners(owners: Sequence[str], recipients: Sequence[str]) -> tuple[str, ...]:
    """Owners with every anaphor replaced by the recipients (kept when there are none)."""
    if not recipients or not any(is_anaphor(o) for o in owners):
        return tuple(owners)
    out: list[str] = []
    for owner in owners:
        for value in recipients if is_anaphor(owner) else (owner,):
            if value not in out:
                out.append(value)
    return tuple(out)
