"""Compiled vocabulary: the language tables turned into regexes, once per process.

Matching runs on ``lowered(fold(text))``: NFC, one tone placement, lower case, the
same length as the NFC text, so every match position is a position in the original.
Imports only ``lang``.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tracker.lang import load_table
from tracker.lang.normal import fold


@functools.lru_cache(maxsize=32)
def lowered(text: str) -> str:
    """Folded, lower-cased text of exactly the same length as ``text`` (NFC).

    Cached: every stage of one document asks for the same text.
    """
    folded = fold(text)
    out = folded.lower()
    if len(out) == len(folded):
        return out
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)


def _after_plural(plural: re.Pattern[str], low: str, pos: int) -> bool:
    """Whether a plural quantifier (``plural``) stands just before ``pos`` ("các tổ
    chức")."""
    return plural.search(low, max(0, pos - 8), pos) is not None


def phrase_regex(phrases: Iterable[str]) -> re.Pattern[str]:
    """Whole-word alternation of ``phrases`` (longest first; spaces match any run).

    Compiled as a trie ("giao(?:\\s+cho)?" rather than "giao cho|giao"): the matcher
    follows one branch per character instead of trying every phrase in turn, several
    times faster on tables of hundreds of phrases, with the same matches (at each
    position the longest phrase that ends on a word boundary).
    """
    parts = {" ".join(p.lower().split()) for p in phrases if p.strip()}
    if not parts:
        return re.compile(r"(?<![\w/])(?:)(?![\w/])")
    # (the word start is checked after the first letter, "c(?<![\w/]c)…": a pattern
    # that starts with its letters lets the regex engine skip to them at once)
    return re.compile(rf"(?:{_trie(sorted(parts))})(?![\w/])")


def _trie(phrases: list[str]) -> str:
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for phrase in phrases:
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_pattern(root, word_start=True)


def _trie_pattern(node: dict[str, dict], word_start: bool = False) -> str:  # type: ignore[type-arg]
    branches = [
        (r"\s+" if char == " " else re.escape(char))
        + (rf"(?<![\w/]{re.escape(char)})" if word_start else "")
        + _trie_pattern(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # a phrase may end here: try the longer ones first, then stop
    return f"(?:{body})?" if "" in node else body


# --- words a pattern cannot match without -----------------------------------------
#
# A regex that scans a whole document tries a match at every position; most forms of
# the date grammar match in a few documents only. The words every match of a pattern
# must contain are read off the pattern itself (its parsed form), so a document
# lacking one of them is skipped without scanning, with the same result.

Needs = tuple[frozenset[str], ...]
_MAX_STRINGS = 64  # alternatives kept per run of fixed text
_MIN_NEEDED = 2  # shorter strings (one letter or digit) are in every document
_MAX_NEEDED = 8  # a set of more strings costs more to look for than it saves


_NEVER: Needs = (frozenset(),)  # no text holds a string of the empty set


def required_words(pattern: re.Pattern[str], *, past_start: bool = False) -> Needs:
    """Sets of strings such that every match of ``pattern`` contains at least one
    string of each set; ``()`` when nothing can be said (never a wrong set).

    ``past_start``: of the matches that do not start at the beginning of the text
    (alternatives anchored there by "^" are left out; none left: ``_NEVER``).
    """
    try:
        c = importlib.import_module("re._constants")
        parsed = importlib.import_module("re._parser").parse(pattern.pattern, pattern.flags)
        if parsed.state.flags & re.IGNORECASE:
            return ()
        items = list(parsed)
        if past_start:
            if parsed.state.flags & re.MULTILINE:
                return ()
            if len(items) == 1 and items[0][0] is c.BRANCH:
                starts = (c.AT_BEGINNING, c.AT_BEGINNING_STRING)
                later = [
                    alt
                    for alt in items[0][1][1]
                    if not (alt and alt[0][0] is c.AT and alt[0][1] in starts)
                ]
                if not later:
                    return _NEVER
                items = [(c.BRANCH, (None, later))]
        clauses = _Needs(c).of_sequence(items)
    except Exception:  # a private module changed: no filter, the same results
        return ()
    useful = {
        clause
        for clause in clauses
        if min(len(s) for s in clause) >= _MIN_NEEDED and len(clause) <= _MAX_NEEDED
    }
    # the longest words first: the rarest, so a document fails on the first set
    return tuple(sorted(useful, key=lambda k: (-min(len(s) for s in k), sorted(k))))


# --- how every match of a pattern starts --------------------------------------------
#
# Several forms of the date grammar start with one of a few words ("trước", "vào",
# "chậm nhất"), but with an optional word or a named group in front, so the regex
# engine cannot skip ahead to them and tries a match at every position. How a match
# must start is read off the pattern (its first few characters, each from a set of
# characters); one scan finds where any such start stands, and each pattern is tried
# only there (see ``deadlines._candidates``).

# A lead: the first characters of a match, each from a set of characters; a set may
# hold the names of the classes "\s", "\d" or "\w" besides single characters.
Lead = tuple[frozenset[str], ...]
_CLASSES = {"CATEGORY_SPACE": r"\s", "CATEGORY_DIGIT": r"\d", "CATEGORY_WORD": r"\w"}
_LEAD_CHARS = 6  # how much of a match's start is looked at
_MAX_LEADS = 48
_MAX_STEPS = 400  # (a pattern of nested optional parts is not unrolled for ever)


def leads(pattern: re.Pattern[str], *, past_start: bool = False) -> frozenset[Lead] | None:
    """How every match of ``pattern`` starts: a set of leads, one of which every match
    begins with (each at least two characters, the first of them given as characters
    rather than a class); None when nothing that selective can be said.

    ``past_start``: of the matches that do not start at the beginning of the text (the
    alternatives of a pattern that opens on "(?:^|…)" anchored there are left out; a
    pattern without such alternatives gives None).
    """
    try:
        c = importlib.import_module("re._constants")
        parsed = importlib.import_module("re._parser").parse(pattern.pattern, pattern.flags)
        if parsed.state.flags & (re.IGNORECASE | re.MULTILINE):
            return None
        items = list(parsed)
        if past_start:
            later = _later_alternatives(c, items)
            if later is None:
                return None
            items = later
        found = _Leads(c).of(items, _LEAD_CHARS)
    except Exception:  # a private module changed: the plain scan, the same results
        return None
    if not found or any(len(lead) < 2 or _class_names(lead[0]) for lead in found):
        return None
    return found


def lead_pattern(found: Iterable[Lead]) -> str:
    """A regex source that matches where one of the leads ``found`` starts (as a trie;
    a lead that a shorter, looser one covers is left out)."""
    kept = sorted(set(found), key=lambda lead: (len(lead), _lead_key(lead)))
    kept = [
        lead for i, lead in enumerate(kept) if not any(_covers(other, lead) for other in kept[:i])
    ]
    root: dict[frozenset[str], dict] = {}  # type: ignore[type-arg]
    for lead in kept:
        node = root
        for chars in lead:
            node = node.setdefault(chars, {})
    return _lead_trie(root) or "(?!)"


def lead_scan(found: Iterable[Lead]) -> re.Pattern[str] | None:
    """A pattern that matches the first character of every place where one of the
    leads ``found`` starts (one character each: overlapping places are all found; each
    branch opens on its letter, so the engine skips to those letters)."""
    by_first: dict[str, set[Lead]] = {}
    for lead in found:
        for char in lead[0]:
            by_first.setdefault(char, set()).add(lead[1:])
    if not by_first:
        return None
    return re.compile(
        "|".join(
            f"{re.escape(first)}(?={lead_pattern(rests)})"
            for first, rests in sorted(by_first.items())
        )
    )


@functools.cache
def _scan_of(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """The lead scan of ``pattern``; None when it has no leads, or when it opens on a
    fixed character (the engine skips to that one faster by itself)."""
    try:
        parsed = importlib.import_module("re._parser").parse(pattern.pattern, pattern.flags)
        literal = importlib.import_module("re._constants").LITERAL
        if parsed.data and parsed.data[0][0] is literal:
            return None
    except Exception:  # a private module changed: the plain search, the same results
        return None
    found = leads(pattern)
    return None if found is None else lead_scan(found)


@functools.cache
def _later_scan_of(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """The lead scan of the matches of ``pattern`` past the start of the text, for a
    pattern that has leads only there ("(?:^|\\n|…)số …"); else None."""
    found = leads(pattern, past_start=True)
    return None if found is None else lead_scan(found)


def _later_alternatives(c: Any, items: list[tuple[Any, Any]]) -> list[tuple[Any, Any]] | None:
    """``items`` without the alternatives of its opening branch that are anchored at
    the start of the text (they match nowhere else); None when it has none, or only
    those."""
    if not items or items[0][0] is not c.BRANCH:
        return None
    starts = (c.AT_BEGINNING, c.AT_BEGINNING_STRING)
    alternatives = items[0][1][1]
    later = [alt for alt in alternatives if not (alt and alt[0][0] is c.AT and alt[0][1] in starts)]
    if not later or len(later) == len(alternatives):
        return None
    return [(c.BRANCH, (None, later)), *items[1:]]


def lead_search(pattern: re.Pattern[str], text: str, pos: int, endpos: int) -> re.Match[str] | None:
    """``pattern.search(text, pos, endpos)``, tried only where a lead of the pattern
    stands (the same match: every match starts with a lead, found by the scan under
    the same bounds). A pattern with leads only past the start of the text (one
    alternative is "^") is tried at the start, then where those leads stand ("^"
    matches nowhere else)."""
    scan = _scan_of(pattern)
    if scan is None:
        scan = _later_scan_of(pattern)
        if scan is None:
            return pattern.search(text, pos, endpos)
        if pos == 0:
            first = pattern.match(text, 0, endpos)
            if first is not None:
                return first
            pos = 1
    for at in scan.finditer(text, pos, endpos):
        found = pattern.match(text, at.start(), endpos)
        if found is not None:
            return found
    return None


def _lead_key(lead: Lead) -> list[list[str]]:
    return [sorted(chars) for chars in lead]


def _covers(shorter: Lead, lead: Lead) -> bool:
    """Whether every text that starts with ``lead`` starts with ``shorter``."""
    return len(shorter) <= len(lead) and all(a >= b for a, b in zip(shorter, lead, strict=False))


def _lead_trie(node: dict[frozenset[str], dict]) -> str:  # type: ignore[type-arg]
    if not node:
        return ""
    branches = [
        _class_pattern(chars) + _lead_trie(child)
        for chars, child in sorted(node.items(), key=lambda kv: sorted(kv[0]))
    ]
    # (a lead ends at a leaf: a longer one that it would end inside was left out)
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _class_names(chars: frozenset[str]) -> bool:
    return any(len(x) > 1 for x in chars)


def _class_pattern(chars: frozenset[str]) -> str:
    if len(chars) == 1:
        (x,) = chars
        return x if len(x) > 1 else re.escape(x)
    return "[" + "".join(x if len(x) > 1 else re.escape(x) for x in sorted(chars)) + "]"


class _Leads:
    """The first characters of every match, over ``re._parser`` trees."""

    def __init__(self, c: Any) -> None:
        self.c = c
        self.repeats = (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT)
        self.zero_width = (c.AT, c.ASSERT, c.ASSERT_NOT)
        self.steps = 0

    def of(self, items: list[tuple[Any, Any]], k: int) -> frozenset[Lead] | None:
        """Leads of at most ``k`` characters, one of which starts every match of the
        sequence ``items`` (the empty lead when a match may start with anything); None
        when there would be too many to keep."""
        self.steps += 1
        if k == 0 or not items or self.steps > _MAX_STEPS:
            return frozenset({()})
        c = self.c
        (op, av), rest = items[0], items[1:]
        if op in self.zero_width:  # (an assertion only rules matches out)
            return self.of(rest, k)
        if op in (c.LITERAL, c.IN):
            chars = frozenset({chr(av)}) if op is c.LITERAL else self._chars(av)
            if chars is None:
                return frozenset({()})
            tails = self.of(rest, k - 1)
            if tails is None:
                return frozenset({(chars,)})
            return _fit(frozenset((chars, *tail) for tail in tails))
        if op is c.SUBPATTERN:
            _, add_flags, _, sub = av
            if add_flags & re.IGNORECASE:
                return frozenset({()})
            return self.of(list(sub) + rest, k)
        if op is c.ATOMIC_GROUP:
            return self.of(list(av) + rest, k)
        if op is c.BRANCH:
            return self._union(self.of(list(alt) + rest, k) for alt in av[1])
        if op in self.repeats:
            low, high, sub = av
            if high == 0:
                return self.of(rest, k)
            # one time through the body, then the repeat with one time less
            again = [] if high == 1 else [(op, (max(low - 1, 0), high - 1, sub))]
            once = self.of(list(sub) + again + rest, k)
            return self._union([once, self.of(rest, k)] if low == 0 else [once])
        return frozenset({()})

    def _chars(self, av: Any) -> frozenset[str] | None:
        return _set_chars(self.c, av, _LEAD_RANGE, _CLASSES)

    @staticmethod
    def _union(parts: Iterable[frozenset[Lead] | None]) -> frozenset[Lead] | None:
        out: set[Lead] = set()
        for part in parts:
            if part is None:
                return None
            out |= part
        return _fit(frozenset(out))


def _fit(found: frozenset[Lead]) -> frozenset[Lead] | None:
    """At most ``_MAX_LEADS`` leads, each a start of one of ``found`` (still a start of
    every match): the longest leads are cut shorter first; None when even their first
    characters are too many."""
    out = set(found)
    while len(out) > _MAX_LEADS:
        longest = max(len(lead) for lead in out)
        if longest <= 1:
            return None
        out = {lead[: longest - 1] for lead in out}
    return frozenset(out)


def may_match(needs: Needs, text: str) -> bool:
    """False when ``text`` lacks every string of one of the sets (no match there)."""
    return all(any(s in text for s in clause) for clause in needs)


def words_present(words: frozenset[str], text: str) -> frozenset[str]:
    """The ``words`` that ``text`` contains: each looked for once, when several patterns
    need the same ones (see ``satisfied``)."""
    return frozenset(w for w in words if w in text)


def satisfied(needs: Needs, present: frozenset[str]) -> bool:
    """``may_match`` over the words found by ``words_present`` (which must cover every
    string of ``needs``)."""
    return all(not clause.isdisjoint(present) for clause in needs)


# the widest character range read as its characters: for a lead (a first character
# to scan for) and for an exact string
_LEAD_RANGE = 64
_EXACT_RANGE = 16


def _set_chars(c: Any, items: Any, widest: int, classes: dict[str, str]) -> frozenset[str] | None:
    """The characters a set ("[…]" of ``re._parser``) matches: literals, ranges up to
    ``widest``, the categories in ``classes`` (as their stand-in character); None when
    it holds anything else."""
    chars: set[str] = set()
    for item_op, item in items:
        if item_op is c.LITERAL:
            chars.add(chr(item))
        elif item_op is c.RANGE and item[1] - item[0] < widest:
            chars.update(chr(x) for x in range(item[0], item[1] + 1))
        elif item_op is c.CATEGORY and str(item) in classes:
            chars.add(classes[str(item)])
        else:
            return None
    return frozenset(chars)


class _Needs:
    """The analysis over ``re._parser`` trees (ops named in ``re._constants``)."""

    def __init__(self, c: Any) -> None:
        self.c = c
        self.repeats = (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT)
        self.zero_width = (c.AT, c.ASSERT, c.ASSERT_NOT)

    def exact(self, op: Any, av: Any) -> frozenset[str] | None:
        """Every string the item can match, when they are few; else None."""
        c = self.c
        if op is c.LITERAL:
            return frozenset({chr(av)})
        if op in self.zero_width:
            return frozenset({""})
        if op is c.IN:
            return _set_chars(c, av, _EXACT_RANGE, {})
        if op is c.SUBPATTERN:
            _, add_flags, _, sub = av
            return None if add_flags & re.IGNORECASE else self.exact_sequence(list(sub))
        if op is c.BRANCH:
            parts = [self.exact_sequence(list(alt)) for alt in av[1]]
            if any(p is None for p in parts):
                return None
            union = frozenset().union(*(p for p in parts if p is not None))
            return union if len(union) <= _MAX_STRINGS else None
        if op in self.repeats:
            low, high, sub = av
            body = self.exact_sequence(list(sub))
            if body is None or high > 1:
                return None
            return body if low == 1 else body | {""}
        return None

    def exact_sequence(self, items: list[tuple[Any, Any]]) -> frozenset[str] | None:
        out: frozenset[str] = frozenset({""})
        for op, av in items:
            e = self.exact(op, av)
            if e is None or len(out) * len(e) > _MAX_STRINGS:
                return None
            out = frozenset(a + b for a in out for b in e)
        return out

    def of_sequence(self, items: list[tuple[Any, Any]]) -> list[frozenset[str]]:
        """Sets of strings, one of each in every match of the sequence."""
        clauses: list[frozenset[str]] = []
        run: frozenset[str] = frozenset({""})  # the fixed text matched just before
        for op, av in items:
            e = self.exact(op, av)
            if e is not None:
                if len(run) * len(e) <= _MAX_STRINGS:
                    run = frozenset(a + b for a in run for b in e)
                else:
                    clauses.append(run)
                    run = e
                continue
            clauses.append(run)
            run = frozenset({""})
            clauses.extend(self.of_item(op, av))
        clauses.append(run)
        return [k for k in clauses if "" not in k]

    def of_item(self, op: Any, av: Any) -> list[frozenset[str]]:
        c = self.c
        if op is c.SUBPATTERN:
            _, add_flags, _, sub = av
            return [] if add_flags & re.IGNORECASE else self.of_sequence(list(sub))
        if op is c.ATOMIC_GROUP:
            return self.of_sequence(list(av))
        if op in self.repeats:
            low, _, sub = av
            return self.of_sequence(list(sub)) if low >= 1 else []
        if op is c.BRANCH:
            best: set[str] = set()
            for alt in av[1]:
                clauses = self.of_sequence(list(alt))
                if not clauses:
                    return []
                best |= max(clauses, key=lambda k: min(len(s) for s in k))
            return [frozenset(best)]
        return []


@dataclass(frozen=True)
class Vocabulary:
    """Every compiled word list the extractor's stages share."""

    cue_before: re.Pattern[str]
    cue_after: re.Pattern[str]
    cue_header: re.Pattern[str]
    cue_weight: dict[str, float]
    lead: re.Pattern[str]
    support: re.Pattern[str]
    report_to: re.Pattern[str]
    scope: re.Pattern[str]
    scope_at: re.Pattern[str]
    action: re.Pattern[str]
    strong_action: re.Pattern[str]
    past: re.Pattern[str]
    not_directive: re.Pattern[str]
    head: re.Pattern[str]
    head_shape: dict[str, str]
    location: re.Pattern[str]
    quantifier: re.Pattern[str]
    addressee_anaphor: re.Pattern[str]
    previous_anaphor: re.Pattern[str]
    elaboration: re.Pattern[str]
    done_after: re.Pattern[str]
    linker: re.Pattern[str]
    comma_word: re.Pattern[str]
    kinds: frozenset[str]
    # the places of the administrative ladder and their rank (province 3, district 2,
    # commune 1): who may ask whom ("huyện Vân Canh đề nghị tỉnh …")
    place_kind: re.Pattern[str]
    place_rank: dict[str, int]
    requests: frozenset[str]
    not_head: re.Pattern[str]
    tail_stop: re.Pattern[str]
    requires_action: frozenset[str]
    requires_subject: frozenset[str]
    subject_owns: frozenset[str]
    deadline_label: re.Pattern[str]
    deadline_column: re.Pattern[str]
    event_holder: re.Pattern[str]
    future: re.Pattern[str]
    report_words: re.Pattern[str]
    intro: re.Pattern[str]
    purpose_intro: re.Pattern[str]
    speech_end: re.Pattern[str]
    speech_words: int  # the most words of a phrase of ``speech_end``
    speech: re.Pattern[str]
    name_stop: re.Pattern[str]
    agent: re.Pattern[str]
    condition: re.Pattern[str]
    quantity: re.Pattern[str]
    heading_word: re.Pattern[str]
    conjunction: re.Pattern[str]
    consent: re.Pattern[str]
    adjunct: re.Pattern[str]
    to_comma: re.Pattern[str]
    preposition: re.Pattern[str]
    coordinator: re.Pattern[str]
    addressee_label: re.Pattern[str]
    distribution: re.Pattern[str]
    page_chrome: re.Pattern[str]
    work_product: re.Pattern[str]
    meeting: re.Pattern[str]
    reported_speech: re.Pattern[str]
    caption: re.Pattern[str]
    closing: re.Pattern[str]
    attendance: re.Pattern[str]
    connective: re.Pattern[str]
    aim_heading: re.Pattern[str]
    proposal: re.Pattern[str]
    completion: re.Pattern[str]
    page_end: re.Pattern[str]
    liability: re.Pattern[str]
    liability_condition: re.Pattern[str]
    generic_work: re.Pattern[str]
    qualifier: re.Pattern[str]
    doc_title: re.Pattern[str]
    section_word: re.Pattern[str]
    field: re.Pattern[str]
    field_kind: dict[str, str]
    # regexes of a few words with a shape of their own (the tables' [patterns])
    delegating: re.Pattern[str]
    done_clause: re.Pattern[str]
    doc_ref: re.Pattern[str]
    lead_noise: re.Pattern[str]
    issued_document: re.Pattern[str]
    future_passive: re.Pattern[str]
    locative: re.Pattern[str]
    topic: re.Pattern[str]
    calendar_date: re.Pattern[str]
    object_marker: re.Pattern[str]
    towards: re.Pattern[str]
    plural: re.Pattern[str]
    lead_date: re.Pattern[str]
    and_new_subject: re.Pattern[str]
    and_end: re.Pattern[str]
    list_marker: re.Pattern[str]

    def head_at(self, low: str, pos: int, end: int) -> re.Match[str] | None:
        """A unit head at ``pos``, unless the words there begin a verb or another
        noun ("tổ chức", "hội nghị", "ban hành")."""
        head = self.head.match(low, pos, end)
        if head is None:
            return None
        blocked = self.not_head.match(low, pos, end)
        if blocked is not None and (
            blocked.end() >= head.end() and not _after_plural(self.plural, low, pos)
        ):
            # "Tổ chức lễ ra quân" is a verb; "các tổ chức bầu cử" and "tổ chức chính
            # trị - xã hội" (a longer head) are units
            return None
        if pos > 1 and low[pos - 1] == " ":
            # the head word ends a noun that starts before it ("vụ" in "nhiệm vụ")
            prev = low.rfind(" ", 0, pos - 1) + 1
            covered = self.not_head.match(low, prev, end)
            if covered is not None and covered.end() > pos:
                return None
        verb = self.action.match(low, pos, end)
        if (
            verb is not None
            and verb.end() >= head.end()
            and not _after_plural(self.plural, low, pos)
        ):
            # "lãnh đạo" is an office ("Lãnh đạo các phòng", "Lãnh đạo UBND") when a
            # unit follows, and the verb otherwise ("… lãnh đạo tổ chức đại hội").
            nxt = head.end()
            while nxt < end and low[nxt] == " ":
                nxt += 1
            followed = self.quantifier.match(low, nxt, end) or self.head_at(low, nxt, end)
            if self.shape_of(head.group()) == "named" and self.place_kind.match(low, nxt, end):
                return head  # "Thanh tra huyện", "Thanh tra tỉnh": the office of a place
            if self.shape_of(head.group()) != "title" or followed is None:
                return None
        return head

    def ends_on_speech(self, low: str, pos: int = 0, end: int | None = None) -> bool:
        """Whether ``low[pos:end]`` ends on a verb of saying ("… cho biết", "… nhấn
        mạnh"): ``speech_end.search``, looked for only in the last words (a match runs
        over as many words as its phrase, up to the end: the same answer)."""
        end = len(low) if end is None else end
        words = self.speech_words
        # (the text before the last ``words`` words, when there are more)
        parts = low[pos:end].rsplit(maxsplit=words) if words else []
        start = pos + len(parts[0]) if len(parts) > words else pos
        return self.speech_end.search(low, start, end) is not None

    def quantifier_before(self, low: str, start: int, pos: int) -> int | None:
        """Where a quantifier ("các", "tất cả các") standing right before ``pos`` starts."""
        window = low[max(start, pos - 16) : pos]
        found = None
        for m in self.quantifier.finditer(window):
            if window[m.end() :].strip() == "":
                found = max(start, pos - 16) + m.start()
        return found

    def inside_head(self, low: str, pos: int) -> bool:
        """Whether ``pos`` falls inside a unit head ("chỉ đạo" in "Ban chỉ đạo")."""
        return any(
            m.start() < pos < m.end() for m in self.head.finditer(low, max(0, pos - 24), pos + 24)
        )

    def shape_of(self, matched: str) -> str:
        """The shape ("named", "purpose", "kind", "title") of a matched head."""
        return self.head_shape.get(" ".join(matched.split()), "named")


def _generic_work(entries: Iterable[dict[str, object]]) -> re.Pattern[str]:
    """Work that is only carrying out: adverbs, carrying-out verbs joined by a comma or
    a joining word ("và"), adverbs, the document itself, the closing "./." (matched
    whole)."""
    verb = phrase_regex(_phrases(entries, kind="verb")).pattern
    join = "|".join(
        r"\s+".join(re.escape(word) for word in p.split()) for p in _phrases(entries, kind="join")
    )
    adverb = phrase_regex(_phrases(entries, kind="adverb")).pattern
    obj = phrase_regex(_phrases(entries, kind="object")).pattern
    return re.compile(
        rf"(?:{adverb}\s+)*{verb}(?:\s*(?:,|{join})\s*(?:{adverb}\s+)*{verb})*"
        rf"(?:\s+{adverb})*(?:\s+{obj})?[\s./;:…]*"
    )


def _previous_anaphor(entries: Iterable[dict[str, object]]) -> re.Pattern[str]:
    """An owner's last words that make it stand for the units named before it, each
    unless one of its ``unless_after`` words stands right before it."""
    parts = []
    for e in entries:
        if e.get("refers") != "previous":
            continue
        words = r"\s+".join(re.escape(w) for w in str(e["phrase"]).lower().split())
        unless = "".join(
            rf"(?<!{re.escape(str(u).lower())}\s)"
            for u in e.get("unless_after", [])  # type: ignore[attr-defined]
        )
        parts.append(rf"(?<!\w){unless}{words}")
    return re.compile(rf"(?:{'|'.join(parts) or '(?!)'})\s*$")


def _phrases(entries: Iterable[dict[str, object]], **where: object) -> list[str]:
    return [
        str(e["phrase"]).lower()
        for e in entries
        if all(e.get(k, None) == v for k, v in where.items())
    ]


# the rank of each level of local government (unit_kinds.toml's [[kind]] levels)
_LEVEL_RANK = {"province": 3, "district": 2, "commune": 1}


@functools.cache
def vocabulary() -> Vocabulary:
    """Load and compile the tables (cached: tables are data, read once)."""
    cues = load_table("cues")
    units = load_table("unit_kinds")
    directives = cues.section("directive")
    heads = units.section("head")
    abbreviations = load_table("abbreviations").section("abbreviation")
    kinds = {str(k["name"]).lower() for k in units.section("kind")}
    # and the aliases of several words ("tổ dân phố", "khu dân cư"); a one-word alias
    # may be a common word too ("bản" in "văn bản")
    kinds |= {
        str(a).lower() for k in units.section("kind") for a in k.get("aliases", []) if " " in str(a)
    }
    # (full names only: an alias such as "tt" also stands inside abbreviations,
    # "Bộ VH-TT&DL")
    ranks = {
        fold(str(k["name"]).lower()): _LEVEL_RANK[str(k["level"])]
        for k in units.section("kind")
        if str(k["level"]) in _LEVEL_RANK
    }
    cue_patterns = cues.patterns["patterns"]
    date_patterns = load_table("date_words").patterns["patterns"]
    number_patterns = load_table("doc_numbers").patterns["patterns"]
    return Vocabulary(
        cue_before=phrase_regex(_phrases(directives, position="before_owner")),
        cue_after=phrase_regex(_phrases(directives, position="after_owner")),
        cue_header=phrase_regex(_phrases(directives, position="header")),
        cue_weight={str(e["phrase"]).lower(): float(str(e.get("weight", 0.8))) for e in directives},
        lead=phrase_regex(_phrases(cues.section("lead"))),
        support=phrase_regex(_phrases(cues.section("support"))),
        report_to=phrase_regex(_phrases(cues.section("report_to"))),
        scope=phrase_regex(_phrases(cues.section("scope"), requires=None)),
        scope_at=phrase_regex(_phrases(cues.section("scope"), requires="action")),
        action=phrase_regex(_phrases(cues.section("action_verb"))),
        strong_action=phrase_regex(_phrases(cues.section("action_verb"), strong=True)),
        past=phrase_regex(_phrases(cues.section("past"))),
        not_directive=phrase_regex(_phrases(cues.section("not_directive"))),
        head=phrase_regex(
            [str(h["phrase"]).lower() for h in heads]
            + [str(a["short"]).lower() for a in abbreviations if str(a.get("kind", "")) == "unit"]
        ),
        head_shape={" ".join(str(h["phrase"]).lower().split()): str(h["shape"]) for h in heads},
        location=phrase_regex(_phrases(units.section("location"))),
        quantifier=phrase_regex(_phrases(units.section("quantifier"))),
        addressee_anaphor=phrase_regex(_phrases(units.section("anaphor"), refers="addressees")),
        previous_anaphor=_previous_anaphor(units.section("anaphor")),
        elaboration=phrase_regex(_phrases(cues.section("elaboration"))),
        done_after=re.compile(load_table("date_words").patterns["patterns"]["done_after"]),
        linker=phrase_regex(_phrases(units.section("linker"))),
        comma_word=phrase_regex(_phrases(units.section("comma_word"))),
        kinds=frozenset(fold(k) for k in kinds),
        place_kind=phrase_regex(ranks),
        place_rank=ranks,
        requests=frozenset(
            str(e["phrase"]).lower() for e in directives if e.get("role") == "request"
        ),
        not_head=phrase_regex(_phrases(units.section("not_head"))),
        tail_stop=phrase_regex(_phrases(units.section("tail_stop"))),
        requires_action=frozenset(
            str(e["phrase"]).lower()
            for e in directives
            if e.get("requires") in ("action", "subject")
        ),
        deadline_label=re.compile(load_table("date_words").patterns["patterns"]["deadline_label"]),
        deadline_column=re.compile(
            load_table("date_words").patterns["patterns"]["deadline_column"]
        ),
        event_holder=phrase_regex(_phrases(cues.section("event_holder"))),
        future=phrase_regex(_phrases(cues.section("future"))),
        report_words=phrase_regex(_phrases(cues.section("report_words"))),
        intro=phrase_regex(_phrases(cues.section("intro"))),
        purpose_intro=phrase_regex(_phrases(cues.section("intro"), kind="purpose")),
        condition=phrase_regex(_phrases(cues.section("condition"))),
        quantity=phrase_regex(_phrases(cues.section("quantity"))),
        heading_word=phrase_regex(_phrases(cues.section("heading_word"))),
        consent=phrase_regex(_phrases(cues.section("consent"))),
        adjunct=phrase_regex(_phrases(cues.section("adjunct"))),
        to_comma=phrase_regex(_phrases(cues.section("adjunct"), kind="to_comma")),
        preposition=phrase_regex(_phrases(cues.section("preposition"))),
        coordinator=phrase_regex(_phrases(cues.section("coordinator"))),
        addressee_label=re.compile(
            phrase_regex(_phrases(cues.section("addressee_label"))).pattern + r"\s*:\s*$"
        ),
        work_product=phrase_regex(_phrases(cues.section("work_product"))),
        meeting=phrase_regex(_phrases(cues.section("meeting"))),
        page_chrome=re.compile(
            r"[\s•\-–(]*(?:"
            + phrase_regex(_phrases(cues.section("page_chrome"), alone=None)).pattern
            + r"|(?:"
            + phrase_regex(_phrases(cues.section("page_chrome"), alone=True)).pattern
            + r")[\s.:|]*$)"
        ),
        distribution=re.compile(
            r"\s*" + phrase_regex(_phrases(cues.section("distribution"))).pattern + r"\s*:"
        ),
        reported_speech=phrase_regex(_phrases(cues.section("reported_speech"))),
        caption=phrase_regex(_phrases(cues.section("caption"))),
        closing=phrase_regex(_phrases(cues.section("closing"))),
        attendance=phrase_regex(_phrases(cues.section("attendance"))),
        connective=phrase_regex(_phrases(cues.section("connective"))),
        aim_heading=phrase_regex(_phrases(cues.section("aim_heading"))),
        proposal=phrase_regex(_phrases(cues.section("proposal"))),
        completion=phrase_regex(_phrases(cues.section("completion"))),
        page_end=re.compile(
            r"\s*" + phrase_regex(_phrases(cues.section("page_end"))).pattern + r"[\s:.]*"
        ),
        liability=phrase_regex(_phrases(cues.section("liability"), kind="answer")),
        liability_condition=phrase_regex(_phrases(cues.section("liability"), kind="condition")),
        generic_work=_generic_work(cues.section("generic_work")),
        qualifier=phrase_regex(_phrases(cues.section("qualifier"))),
        # "Kế hoạch …", "Thông báo …": the kinds of document a title line names
        doc_title=phrase_regex(str(e["name"]) for e in load_table("doc_numbers").section("kind")),
        conjunction=re.compile(
            r",\s*(?P<conj>" + phrase_regex(_phrases(cues.section("conjunction"))).pattern + r")"
        ),
        section_word=phrase_regex(_phrases(cues.section("section_word"))),
        field=re.compile(
            r"\s*(?:[-–+•*]|[a-zđ]\)|\d{1,2}[.)])?\s*(?P<label>"
            + phrase_regex(_phrases(cues.section("field"))).pattern
            + r")\s*:"
        ),
        field_kind={
            " ".join(str(e["phrase"]).lower().split()): str(e["kind"])
            for e in cues.section("field")
        },
        speech_end=re.compile(phrase_regex(_phrases(cues.section("speech"))).pattern + r"\s*$"),
        speech_words=max((len(p.split()) for p in _phrases(cues.section("speech"))), default=0),
        speech=phrase_regex(_phrases(cues.section("speech"))),
        agent=phrase_regex(_phrases(cues.section("agent"))),
        # every word that ends a unit's name, in one pattern (owners.py asks per word)
        name_stop=phrase_regex(
            _phrases(directives, position="after_owner")
            + _phrases(directives, position="before_owner")
            + _phrases(cues.section("action_verb"), strong=True)
            + _phrases(cues.section("lead"))
            + _phrases(cues.section("support"))
            + _phrases(cues.section("past"))
            + _phrases(cues.section("speech"))
        ),
        subject_owns=frozenset(
            str(e["phrase"]).lower() for e in directives if e.get("subject_owns") is True
        ),
        requires_subject=frozenset(
            str(e["phrase"]).lower() for e in directives if e.get("requires") == "subject"
        ),
        delegating=re.compile(cue_patterns["delegating"]),
        done_clause=re.compile(cue_patterns["done_clause"]),
        doc_ref=re.compile(number_patterns["doc_ref"]),
        lead_noise=re.compile(date_patterns["lead_noise"]),
        issued_document=re.compile(number_patterns["issued_document"]),
        future_passive=re.compile(cue_patterns["future_passive"]),
        locative=re.compile(cue_patterns["locative"]),
        topic=re.compile(cue_patterns["topic"]),
        calendar_date=re.compile(date_patterns["calendar_date"]),
        object_marker=re.compile(cue_patterns["object_marker"]),
        towards=re.compile(cue_patterns["towards"]),
        plural=re.compile(units.patterns["patterns"]["plural"]),
        lead_date=re.compile(date_patterns["lead_date"]),
        and_new_subject=re.compile(cue_patterns["and_new_subject"]),
        and_end=re.compile(cue_patterns["and_end"]),
        list_marker=re.compile(cue_patterns["list_marker"]),
    )
