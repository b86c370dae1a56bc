"""Directives: which clauses tell a unit to act, who the owners are, where the action starts.

The document is read in order with a small state: whether we are inside a
*directive passage* (opened by a heading such as "Hội nghị yêu cầu:", "đồng chí …
nhấn mạnh:", a scope "Đối với Công an huyện:", or any explicit cue "Đề nghị …"),
the scope's owners, the scope's deadline ("Về nhiệm vụ 3 tháng cuối năm 2018, …
nhấn mạnh:") and the owners of the last directive. A description of what was done
("Tại hội nghị, các đại biểu đã …") closes the passage.

Rules, tried in this order on each clause (the rule name goes into the output):
  cue:<phrase>      "Đề nghị/Yêu cầu/Giao <owners> <action>"
  modal:<phrase>    "<owners> phải/cần/có trách nhiệm/chủ trì <action>"
  subject_verb      "<owners> <action verb> …" inside a passage
  scope / inherit   "<action verb> …" inside a passage: owners of the scope or of
                    the previous directive ("Đồng thời làm tốt …")
  imperative_deadline  "<action verb> … trước ngày X" outside any passage
A lower-case clause after ";" continues the directive before it.

Imports ``extract.types``, ``extract.vocab``, ``extract.owners``, ``extract.segment``,
``extract.deadlines``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

from tracker.extract.owners import parse_owner_list
from tracker.extract.segment import list_level
from tracker.extract.types import Clause, DeadlineHit, Directive, Sentence, Span
from tracker.extract.vocab import Vocabulary, lowered

DeadlineFinder = Callable[[str, int], tuple[DeadlineHit, ...]]
_CAPTION_WORDS = 40  # a photo caption is one short line
# a Roman-numbered part of a document, written in capitals or not: "II. NỘI DUNG"
_ROMAN_PART = re.compile(r"[IVX](?<![\w.][IVX])[IVX]{0,3}\s*[.)]\s+(?=\w)")
_RELATIVE_CHARS = 90
_SUBJECT_LOOKBACK = 4  # sentences searched back for the subject a plan step leaves out
_LEAD_SLACK = 12  # "Sáng ngày 3/8", "Chiều 12/4": a time-of-day word before the day
_MEETING_DAY_SLACK = 20  # "Trong hai ngày 09, 10 tháng 7 năm 2018, …"
_PAST_WINDOW = 12
_UNKNOWN_OWNER_CHARS = 90
_UNKNOWN_OWNER_WORDS = 10
_TRAIL = " \t;:.,!?…"
_WORD = re.compile(r"\S+")
_ADJUNCT_TAIL = 60
_CONDITION_CHARS = 80
_PRODUCT_WORDS = 4
_COMMA = re.compile(r",\s+")
_OPENING_QUOTES = '“"‘«'
_PREDICATE_WORDS = 10
_APPOSITION_WORDS = 16
_DASH = re.compile(r"\s*[-–—]\s")
_DASH_ITEM = re.compile(r"[-–•+]\s")
_NUMBERED_ITEM = re.compile(r"\s*(?:\d{1,2}|[ivx]{1,4})[.)]\s")  # "3. …", "II. …"
# a flattened table: a row's number alone on its line; a cell that holds only a date
# (and a bracketed note: "07/02/2021 (chủ Nhật)")
_ROW_NUMBER = re.compile(r"\d{1,3}\.?")
_DATE_CELL = re.compile(r"[\s,.;]*(?:\([^)]*\))?[\s.]*")
_TITLE_CELL_WORDS = 12
# how far before its date a verb that closes work ("hoàn thành", "kết thúc") is read
_MILESTONE_REACH = 40
_LETTER_LEVEL = 4
# the grammar's forms that name a period, not a day ("tháng 9/2025", "quý IV/2025")
_PERIOD_FORMS = frozenset({"month", "month_bare", "quarter"})  # "a)" in segment.list_level
# the time expressions that date a clause's work of their own ("trước ngày …", "trong
# tháng 5", "từ … đến …")
_FIRM_KINDS = frozenset({"by", "period", "range", "recurring"})
# how far an adjunct that runs to its comma may reach ("là cơ quan thường trực của Ban
# Chỉ đạo tỉnh, …", "căn cứ vào kết quả thực hiện nhiệm vụ hàng năm thực tế đạt được, …")
_APPOSITION_TAIL = 90
# what separates the segments of a clause where a subject may start
_SEGMENT_SEP = re.compile(r"[,:]")
# how many directives back the ones of the latest directive sentence are looked for
_UNDATED_LOOKBACK = 12
_SECTION_MARKER = re.compile(r"\s*(?:[ivx]{1,5}|[a-zđ]|\d{1,2}(?:\.\d{1,2})*)[.)]\s+")
_MAX_TITLE_WORDS = 14
_MAX_NAME_WORDS = 4


@dataclass(slots=True)
class _State:
    active: bool = False
    scope_owners: tuple[Span, ...] = ()
    scope_deadline: DeadlineHit | None = None
    # the paragraph of the heading that gave scope_deadline ("… hoàn thành trước
    # 31/8/2020 gồm: …"): its date holds there and on the list lines after it, not for
    # the prose of later paragraphs; -1 for a passage's topic, which holds throughout
    deadline_paragraph: int = -1
    last_owners: tuple[Span, ...] = ()
    # every "Đối với X:" of the passage, and the sentence that opened the last one
    passage_scopes: tuple[Span, ...] = ()
    scope_sentence: int = -1
    # a scope opened by a title line ("2. Trung tâm Y tế huyện") holds for every
    # line under it, alone
    section: bool = False
    # the units a document is addressed to ("Kính gửi: - …; - …", "THỦ TƯỚNG CHÍNH
    # PHỦ điện: - …"): the owners of last resort for the whole document
    addressees: tuple[Span, ...] = ()
    # the rank of a unit that asked the units above it (a proposal) and where that
    # request ended: a request right after it with no speaker of its own is its too
    asking: tuple[int, int] | None = None

    def close(self) -> None:
        """End the passage (the document's addressees stay)."""
        self.active = False
        self.scope_owners = ()
        self.scope_deadline = None
        self.deadline_paragraph = -1
        self.last_owners = ()
        self.passage_scopes = ()
        self.scope_sentence = -1
        self.section = False

    def explicit(self, owners: tuple[Span, ...]) -> None:
        """A directive named its owners: scopes end, they carry on to what follows."""
        self.scope_owners = ()
        self.passage_scopes = ()
        self.last_owners = owners

    def inherited(self, sentence: Sentence, item: bool = False) -> tuple[Span, ...]:
        """Owners of a directive that names none.

        Inside the sentence of "Đối với X: …" that is X; in a later sentence of the
        passage, every unit the passage scoped ("Đối với các xã: …. Đối với các
        phòng: …. Báo cáo kết quả … trước ngày 5/4." — both report); else the owners
        of the previous directive ("Các chi bộ quán triệt …. Đồng thời rà soát …").
        """
        if self.scope_owners and (self.section or sentence.span.start == self.scope_sentence):
            return self.scope_owners
        if item:
            # a list item belongs to the heading or the directive it stands under, not
            # to a unit an earlier sentence only spoke of ("Đối với các doanh nghiệp …")
            return self.scope_owners or self.last_owners or self.addressees
        return self.passage_scopes or self.scope_owners or self.last_owners or self.addressees


@dataclass
class _Table:
    """A flattened table being read: whether a deadline column was seen, the cells of
    the current row and where its directives start in the list found."""

    columns: bool = False
    row: list[Sentence] | None = None
    row_found: int = 0
    # the row's date cell, when it comes before the row's work
    date: DeadlineHit | None = None


_PIPE = re.compile(r"[ \t]*\|[ \t]*")
# a table row written on one line has at least this many cells
_MIN_PIPE_CELLS = 3
# a header this short names the row number column ("TT", "STT")
_NUMBER_HEADER_CHARS = 3


def _pipe_cells(text: str, span: Span) -> list[Span]:
    """The cells of a line whose cells are joined by " | ", trimmed; [] when fewer
    than two separators."""
    if text.find("|", span.start, span.end) < 0:
        return []  # (most lines: no table row)
    cuts = list(_PIPE.finditer(text, span.start, span.end))
    if len(cuts) < _MIN_PIPE_CELLS - 1:
        return []
    cells, start = [], span.start
    for cut in cuts:
        cells.append(Span(start, cut.start()))
        start = cut.end()
    cells.append(Span(start, span.end))
    out = []
    for cell in cells:
        a, b = cell.start, cell.end
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1] in " \t\n.;":
            b -= 1
        out.append(Span(a, b))
    return out


def _cut_spans(text: str, offset: int, hits: Sequence[DeadlineHit]) -> str:
    """``text`` without the hits' spans (``offset`` is where ``text`` starts)."""
    out, pos = [], 0
    lead = len(text) - len(text.lstrip())
    for hit in hits:
        start, end = hit.span.start - offset - lead, hit.span.end - offset - lead
        if start >= pos:
            out.append(text[pos:start])
            pos = end
    out.append(text[pos:])
    return "".join(out)


@dataclass(slots=True)
class _Clause:
    """Working view of one clause: masked lower-case text and the body's bounds."""

    clause: Clause
    low: str
    start: int
    end: int
    own_owners: tuple[Span, ...] = field(default=())
    item: bool = False  # the clause opens with a list marker ("- ", "a) ", "2. ")


def _mask(low: str, v: Vocabulary, text: str = "") -> str:
    """Blank out phrases that hold a cue word but are no cue ("cần thiết", "giao ban"),
    unless a unit's capitalised name starts inside one ("Giao Ban Quản lý dự án …")."""

    def blank(m: re.Match[str]) -> str:
        inner = m.group().find(" ") + 1
        at = m.start() + inner
        if inner and text[at : at + 1].isupper() and v.head_at(low, at, len(low)) is not None:
            return m.group()
        return " " * len(m.group())

    return v.not_directive.sub(blank, low)


def _skip(low: str, pos: int, end: int, chars: str = " \t,") -> int:
    """Past ``chars`` and line breaks (converted documents break lines mid-sentence)."""
    while pos < end and (low[pos] in chars or low[pos] in "\n\r"):
        pos += 1
    return pos


def _past_before(low: str, pos: int, start: int, v: Vocabulary) -> bool:
    """A past/passive marker just before ``pos`` ("đã tổ chức", "được triển khai")."""
    window = low[max(start, pos - _PAST_WINDOW) : pos]
    return any(m.end() >= len(window.rstrip()) for m in v.past.finditer(window))


def _skip_topic(low: str, pos: int, end: int, v: Vocabulary) -> int:
    """Past a topic marker ("về", "đối với") that opens a sentence."""
    pos = _skip(low, pos, end)
    marker = v.topic.match(low, pos, end)
    return _skip(low, marker.end(), end) if marker else pos


def _deadline_of_heading(
    text: str, span: Span, find: DeadlineFinder, issued: date | None = None
) -> DeadlineHit | None:
    """The deadline a heading gives its items: a marked date, or a month or quarter
    ahead named bare ("Nhiệm vụ trọng tâm tháng 9/2025:", ANNOTATION 17)."""
    hits = [
        h
        for h in find(span.slice(text), span.start)
        if h.kind != "bare" or _bare_period_ahead(h, issued)
    ]
    if not hits:
        return None
    hit = hits[-1]
    return replace(hit, kind="period") if hit.kind == "bare" else hit


def _bare_period_ahead(hit: DeadlineHit, issued: date | None) -> bool:
    """A month or a quarter written without a marker that ends on or after the
    document date."""
    if hit.deadline is None or issued is None or hit.deadline < issued:
        return False
    return hit.rule.split("+", 1)[0] in _PERIOD_FORMS


class _Reader:
    """Walks the sentences once, keeping the passage state."""

    def __init__(
        self, text: str, v: Vocabulary, find: DeadlineFinder, issued: date | None = None
    ) -> None:
        self.issued = issued
        self.text = text
        self.low = _mask(lowered(text), v, text)
        # owners are read on the unmasked text: "giao thông" is masked as no cue but
        # belongs to "Sở Giao thông vận tải"
        self.plain = lowered(text)
        self._owners: dict[tuple[int, int], tuple[list[Span], int]] = {}
        self._segment_starts: dict[tuple[int, int], tuple[tuple[int, bool], ...]] = {}
        # the subject of the sentence before, directive or not: a sentence without
        # one takes it (ANNOTATION 18: "UBBC xã A đã niêm yết … Dự kiến, sẽ tổ chức …")
        self._read_sentences: list[tuple[Sentence, bool]] = []  # (sentence, had a directive)
        self.v = v
        self.find = find
        self.state = _State()
        self.aim_parts = self._aim_parts()
        self._item_hit: DeadlineHit | None = None  # the date of the numbered item read last
        self.table = _Table()
        # the units named as owners so far, for an anaphor ("các đơn vị trên")
        self.named: dict[str, Span] = {}
        # the document gives work (doc_numbers.toml ``assigns``): a list item opens a
        # passage ("II. NHIỆM VỤ … 1. Phòng Nội vụ tham mưu …")
        self.assigning = False
        # the roles of the columns of a table written one row per line, from its header
        self.pipe_roles: list[str] | None = None

    # --- helpers over the document's lowered text ---------------------------

    def owners_at(self, pos: int, end: int) -> tuple[list[Span], int]:
        # the rules ask about the same places more than once (cached per document)
        key = (pos, end)
        if key not in self._owners:
            self._owners[key] = parse_owner_list(self.text, self.plain, pos, end, self.v)
        spans, after = self._owners[key]
        return list(spans), after

    def starts_with_action(self, pos: int, end: int) -> bool:
        marker = self.v.future.match(self.low, pos, end)
        verb = self.v.action.match(self.low, pos, end)
        if marker and verb and marker.end() > verb.end():
            return False  # "Dự kiến, …" opens with a future marker, not the verb "dự"
        return bool(verb or self.v.cue_after.match(self.low, pos, end))

    def lead_and_supports(self, pos: int, end: int) -> tuple[int, tuple[Span, ...]]:
        """Skip "chủ trì," and read "phối hợp với <owners>"; return the action start."""
        v, low = self.v, self.low
        lead = v.lead.match(low, pos, end)
        if lead:
            pos = _skip(low, lead.end(), end)
        support = v.support.match(low, pos, end)
        if support:
            spans, after = self.owners_at(_skip(low, support.end(), end), end)
            relative = self.relative_end(after, end) if spans else None
            if relative is not None:
                # "… phối hợp UBND các huyện có đơn vị thuộc diện sắp xếp, tổng hợp …"
                spans = [*spans[:-1], Span(spans[-1].start, relative[0])]
                after = relative[1]
            if spans:
                return _skip(low, after, end), tuple(spans)
        return pos, ()

    # --- the rules ----------------------------------------------------------

    def heading(self, c: _Clause, sentence: Sentence) -> bool:
        """A clause ending in ":" opens a passage (or a scope); True if it was one."""
        if not c.clause.text.rstrip().endswith(":"):
            return False
        v, low = self.v, self.low
        scope = v.scope.match(low, c.start, c.end)
        if scope:
            start = _skip(low, scope.end(), c.end)
            spans, _ = self.owners_at(start, c.end)
            if not spans and self.text[start : start + 1].isupper():
                # "Đối với Hạt Kiểm lâm:" — a unit we have no word for is still
                # the scope's owner when the heading names it.
                spans = [Span(start, c.end - 1)]
            if spans:
                self.open_scope(tuple(spans), sentence)
                return True
        cue = v.cue_before.search(low, c.start, c.end) or v.cue_header.search(low, c.start, c.end)
        heading_words = v.heading_word.search(low, c.start, c.end)
        if cue or v.cue_after.search(low, c.start, c.end) or heading_words:
            owners: tuple[Span, ...] = ()
            if cue and v.cue_before.match(low, cue.start(), c.end):
                spans, _ = self.owners_at(self.after_object_marker(cue.end(), c.end), c.end)
                owners = tuple(spans)
            if not owners:
                # "… thời gian quy định cho các cơ quan, đơn vị xây dựng kế hoạch … như
                # sau:": the units the umbrella names as acting own its items
                owners = self.acting_units(c.start, c.end)
            self.state.active = True
            self.state.scope_owners = owners
            if owners:
                # "Nội dung như sau:" names nobody: the items keep the owners of the
                # directive it introduces
                self.state.last_owners = owners
            self.state.passage_scopes = ()
            self.state.scope_sentence = sentence.span.start
            self.state.scope_deadline = _deadline_of_heading(
                self.text, Span(sentence.span.start, c.clause.span.end), self.find, self.issued
            )
            self.state.deadline_paragraph = self.heading_reach(sentence, c)
            return True
        if self.state.active:
            spans, after = self.owners_at(c.start, c.end)
            if spans and _skip(low, after, c.end, " \t:") >= c.end:
                self.open_scope(tuple(spans), sentence)
                return True
        return False

    def open_scope(self, owners: tuple[Span, ...], sentence: Sentence) -> None:
        state = self.state
        state.section = False
        state.active = True
        state.scope_owners = owners
        state.last_owners = owners
        state.passage_scopes = tuple(dict.fromkeys((*state.passage_scopes, *owners)))
        state.scope_sentence = sentence.span.start

    def after_object_marker(self, pos: int, end: int) -> int:
        pos = _skip(self.low, pos, end)
        marker = self.v.object_marker.match(self.low, pos, end)
        return marker.end() if marker else pos

    def body_start(self, c: _Clause, sentence: Sentence) -> None:
        """Consume a leading scope ("Đối với X", "Tại X") from the clause body."""
        v, low = self.v, self.low
        scope = v.scope.match(low, c.start, c.end)
        if scope:
            spans, after = self.owners_at(_skip(low, scope.end(), c.end), c.end)
            if spans:
                # "Đối với X, …" inside a sentence names the clause's owners; for the
                # sentences after it X is one of the units the passage spoke to (a
                # closing "Báo cáo kết quả …" goes to all of them), not their scope
                c.own_owners = tuple(spans)
                passage = self.state.passage_scopes
                self.state.passage_scopes = tuple(dict.fromkeys((*passage, *spans)))
                c.start = _skip(low, after, c.end, " \t,:")
            return
        at = v.scope_at.match(low, c.start, c.end)
        if at:
            spans, after = self.owners_at(_skip(low, at.end(), c.end), c.end)
            nxt = _skip(low, after, c.end)
            if spans and self.starts_with_action(nxt, c.end):
                c.own_owners = tuple(spans)
                c.start = nxt

    def cue_before(self, c: _Clause, sentence: Sentence) -> Directive | None:
        v, low = self.v, self.low
        first_word = _skip(low, c.start, c.end)
        for cue in v.cue_before.finditer(low, c.start, c.end):
            if v.inside_head(low, cue.start()):
                continue
            if cue.start() > first_word and self.text[cue.start()].isupper():
                continue  # "… thực hiện Chỉ thị, báo cáo …": a document's name
            # "đã đề nghị", "vừa chỉ đạo": a directive reported as given; whether it
            # still binds is the decision step's question (rule "+past")
            past = "+past" if _past_before(low, cue.start(), c.start, v) else ""
            if past and low[max(c.start, cue.start() - 5) : cue.start()].strip() == "được":
                continue  # "X được giao …": the passive, read by the modal rule
            phrase = " ".join(cue.group().split())
            opening = phrase in v.requires_subject and _skip(low, c.start, c.end) == cue.start()
            spans, after = self.owners_at(self.after_object_marker(cue.end(), c.end), c.end)
            if not spans:
                spans, after = self.object_after_condition(cue.end(), c.end)
            weight = v.cue_weight.get(phrase, 0.8)
            rule = f"cue:{phrase}{past}"
            if opening:
                # "Chỉ đạo các cấp hội phát động phong trào …": a clause without its
                # subject; the directed units own the work with the subject before
                # (ANNOTATION 18); the verb alone ("Chỉ đạo của tỉnh …") is a noun
                action = _skip(low, after, c.end)
                if not spans or not self.starts_with_action(action, c.end):
                    continue
                inherited = self.state.inherited(sentence, c.item)
                owners = tuple(o for o in inherited if o not in spans) + tuple(spans)
                self.state.active = True
                return self.directive(
                    sentence, c, action, owners, (), f"{rule}+opening", weight * 0.9
                )
            if spans and self.asks_upward(c, cue.start(), phrase, spans):
                return None  # "huyện Vân Canh đề nghị tỉnh hỗ trợ …": a proposal (ANNOTATION 22)
            if spans:
                action, supports = self.lead_and_supports(_skip(low, after, c.end), c.end)
                if phrase in v.requires_action and not self.starts_with_action(action, c.end):
                    continue
                directed, action = self.directed_units(action, c.end)
                owners = tuple(spans) + directed + self.cue_subject(c, cue.start(), phrase)
                self.state.active = True
                self.state.explicit(owners)
                return self.directive(sentence, c, action, owners, supports, rule, weight)
            nxt = _skip(low, cue.end(), c.end)
            # "chỉ đạo, điều hành …": a pair of verbs, no owner after the comma
            paired = low[_skip(low, cue.end(), c.end, " \t") : c.end][:1] == ","
            unknown = (
                None
                if paired
                else self.unknown_owner(self.after_object_marker(cue.end(), c.end), c.end)
            )
            if unknown is not None:
                owner, action = unknown
                owners = (owner, *self.cue_subject(c, cue.start(), phrase))
                self.state.active = True
                self.state.explicit(owners)
                return self.directive(
                    sentence, c, action, owners, (), f"{rule}+unknown_owner", weight * 0.8
                )
            if phrase not in v.subject_owns and self.starts_with_action(nxt, c.end):
                self.state.active = True
                owners = c.own_owners or self.state.inherited(sentence, c.item)
                return self.directive(
                    sentence, c, nxt, owners, (), rule, weight * 0.8, inherited=True
                )
        return None

    def topic_deadline(self, sentence: Sentence) -> DeadlineHit | None:
        """The period a sentence's fronted topic names ("Về nhiệm vụ, công tác trọng tâm
        trong quý 4, …", "Nhiệm vụ thời gian tới đến cuối năm, …"): a heading word and
        a dated bound before the first comma after it."""
        start, end = sentence.span.start, sentence.span.end
        word = self.v.heading_word.match(self.low, _skip_topic(self.low, start, end, self.v), end)
        if word is None:
            return None
        # the topic ends at the comma before the clause's subject (a capital word)
        comma = next(
            (
                m.start()
                for m in _COMMA.finditer(self.text, word.end(), end)
                if self.text[m.end() : m.end() + 1].isupper()
            ),
            -1,
        )
        if comma == -1:
            return None
        hits = [h for h in self.find(self.text[start:comma], start) if h.kind in ("period", "by")]
        return hits[-1] if hits else None

    def acting_units(self, start: int, end: int) -> tuple[Span, ...]:
        """The first units in ``low[start:end]`` that an action verb follows."""
        for head in self.v.head.finditer(self.plain, start, end):
            first = self.v.quantifier_before(self.plain, start, head.start())
            spans, after = self.owners_at(first if first is not None else head.start(), end)
            if spans and self.starts_with_action(_skip(self.low, after, end), end):
                return tuple(spans)
        return ()

    def object_after_condition(self, pos: int, end: int) -> tuple[list[Span], int]:
        """ "yêu cầu sau khi kết thúc Đại hội các đơn vị hoàn chỉnh báo cáo": a time or
        condition clause between the cue and its object; the object is the first unit
        a verb follows, a few words on."""
        pos = _skip(self.low, pos, end)
        if not self.v.condition.match(self.low, pos, end):
            return [], pos
        limit = min(end, pos + _CONDITION_CHARS)
        for word in _WORD.finditer(self.low, pos, limit):
            if word.start() == pos:
                continue
            spans, after = self.owners_at(word.start(), end)
            if spans and self.starts_with_action(_skip(self.low, after, end), end):
                return spans, after
        return [], pos

    def directed_units(self, action: int, end: int) -> tuple[tuple[Span, ...], int]:
        """ "Yêu cầu Bộ Giao thông vận tải chỉ đạo Cục Hàng không rà soát …": the units
        the addressee is told to direct own the work with it (ANNOTATION 18). Returns
        them and where the work starts (the action unchanged when there are none)."""
        cue = self.v.cue_before.match(self.low, action, end)
        if cue is None or " ".join(cue.group().split()) not in self.v.subject_owns:
            return (), action
        spans, after = self.owners_at(self.after_object_marker(cue.end(), end), end)
        work = _skip(self.low, after, end)
        if not spans or not self.starts_with_action(work, end):
            return (), action
        return tuple(spans), action

    def rank(self, span: Span) -> int | None:
        """The rank of the first place of the administrative ladder a unit names
        ("UBND tỉnh": province; "Chủ tịch UBND xã Nam Xuân": commune), if any."""
        place = self.v.place_kind.search(self.low, span.start, span.end)
        return None if place is None else self.v.place_rank.get(" ".join(place.group().split()))

    def asks_upward(self, c: _Clause, cue: int, phrase: str, owners: Sequence[Span]) -> bool:
        """Whether a request goes up the ladder: its speaker, named before the cue,
        stands below every unit it addresses ("Dịp này, huyện Vân Canh đề nghị tỉnh hỗ
        trợ …"): a proposal, not a directive. The next sentence's request with no
        speaker of its own goes on asking ("Đề nghị UBND tỉnh chỉ đạo …")."""
        if phrase not in self.v.requests:
            return False
        speaker: int | None = None
        for seg, _ in self.segment_starts(c.start, cue):
            spans, after = self.owners_at(seg, cue)
            if spans and _skip(self.low, after, cue) >= cue:
                ranks = [r for r in map(self.rank, spans) if r is not None]
                speaker = min(ranks) if ranks else None
                break
        else:
            asking = self.state.asking
            if asking is not None and not self.text[asking[1] : c.clause.span.start].strip():
                speaker = asking[0]  # right after the sentence that asked
        self.state.asking = None
        addressed = [self.rank(o) for o in owners]
        if speaker is None or any(r is None or r <= speaker for r in addressed):
            return False
        self.state.asking = (speaker, c.clause.span.end)
        return True

    def cue_subject(self, c: _Clause, cue: int, phrase: str) -> tuple[Span, ...]:
        """ "Sở Y tế chỉ đạo các bệnh viện …": the unit that directs is an owner too
        (ANNOTATION 18), for the cues whose subject owns the work."""
        if phrase not in self.v.subject_owns:
            return ()
        for seg, _ in self.segment_starts(c.start, cue):
            spans, after = self.owners_at(seg, cue)
            if spans and _skip(self.low, after, cue) >= cue:
                return tuple(spans)
        return ()

    def unknown_owner(self, pos: int, end: int) -> tuple[Span, int] | None:
        """ "Đề nghị đội ngũ báo cáo viên cần chủ động …": an owner we have no word
        for, between the cue and a modal or a strong verb a few words later."""
        v, low = self.v, self.low
        if pos >= end or not low[pos].isalpha() or self.starts_with_action(pos, end):
            return None
        first = low[pos:end].split(maxsplit=1)[0]
        if v.preposition.fullmatch(first) or v.coordinator.fullmatch(first):
            return None  # "… yêu cầu và cách chấm điểm", "chỉ đạo tại buổi làm việc"
        limit = min(end, pos + _UNKNOWN_OWNER_CHARS)
        modal = v.cue_after.search(low, pos, limit)
        strong = v.strong_action.search(low, pos, limit)
        stop = min((m for m in (modal, strong) if m), key=lambda m: m.start(), default=None)
        if stop is None or v.past.search(low, pos, stop.start()):
            return None
        words = low[pos : stop.start()].split()
        if not 1 <= len(words) <= _UNKNOWN_OWNER_WORDS:
            return None
        # before a modal ("… cần", "… phải") the words are the owner even when they
        # hold a verb ("báo cáo viên"); before a plain verb they must hold none
        if stop is not modal and v.action.search(low, pos, stop.start()):
            return None
        owner_end = stop.start()
        while owner_end > pos and self.text[owner_end - 1] in " ,":
            owner_end -= 1
        return Span(pos, owner_end), stop.start()

    def modal(self, c: _Clause, sentence: Sentence) -> Directive | None:
        v, low = self.v, self.low
        opening = _skip(low, c.start, c.end)
        cue = next(
            (
                m
                for m in v.cue_after.finditer(low, c.start, c.end)
                if not v.inside_head(low, m.start())
                # "thành phố Cần Thơ": a capital inside the clause starts a name
                and not (m.start() > opening and self.text[m.start()].isupper())
            ),
            None,
        )
        if cue is None or _past_before(low, cue.start(), c.start, v):
            return None
        phrase = " ".join(cue.group().split())
        weight = v.cue_weight.get(phrase, 0.8)
        for seg, strict in self.segment_starts(c.start, cue.start()):
            spans, after = self.owners_at(seg, cue.start())
            gap = " \t" if strict else " \t,"
            if spans and (
                _skip(low, after, cue.start(), gap) >= cue.start()
                or self.past_time(after, cue.start()) >= cue.start()
            ):
                action, supports = self.lead_and_supports(cue.start(), c.end)
                if action == cue.start():
                    action = _skip(low, cue.end(), c.end)
                if phrase in v.requires_action and not self.starts_with_action(action, c.end):
                    return None
                self.state.active = True
                self.state.explicit(tuple(spans))
                return self.directive(
                    sentence, c, action, tuple(spans), supports, f"modal:{phrase}", weight
                )
        action, supports = self.lead_and_supports(cue.start(), c.end)
        if action == cue.start():
            action = _skip(low, cue.end(), c.end)
        if phrase in v.requires_action and not self.starts_with_action(action, c.end):
            return None
        # "Bộ Kế hoạch và Đầu tư - cơ quan thường trực Hội đồng … khẩn trương …": the
        # unit before an apposition is the subject, not the noun phrase after the dash
        near = self.clause_subject(c, cue.start(), apposition=True) or self.subject_before(
            c.start, cue.start()
        )
        if near:
            # "Để thu ngân sách các đơn vị cần …", "Hà Nam phải tổ chức …": the noun
            # phrase that ends at the modal is its subject
            self.state.active = True
            self.state.explicit(near)
            return self.directive(
                sentence, c, action, near, supports, f"modal:{phrase}", weight * 0.9
            )
        subject = self.clause_subject(c, cue.start())
        if subject:
            self.state.active = True
            self.state.explicit(subject)
            return self.directive(
                sentence, c, action, subject, supports, f"modal:{phrase}+subject", weight * 0.8
            )
        if not self.at_clause_start(c, cue.start()):
            return None
        # "Cần tăng cường …", "… lưu ý, cần chú trọng …": a modal with no subject binds
        # whoever the text is speaking to (the passage's owners, else the last named)
        owners = c.own_owners or self.state.inherited(sentence, c.item)
        rule = f"modal:{phrase}" if (self.state.active or c.own_owners) else f"modal:{phrase}+bare"
        self.state.active = True
        return self.directive(
            sentence, c, action, owners, supports, rule, weight * 0.8, inherited=True
        )

    def liability(self, c: _Clause) -> bool:
        """ "(phải) chịu trách nhiệm trước … nếu để xảy ra …": answering for an outcome
        under a condition is a statement of liability, no work (ANNOTATION 2, 22)."""
        found = self.v.liability.search(self.low, c.start, c.end)
        return bool(found and self.v.liability_condition.search(self.low, found.end(), c.end))

    def clause_subject(self, c: _Clause, cue: int, *, apposition: bool = False) -> tuple[Span, ...]:
        """ "(Trường hợp) các xã gặp khó khăn về kinh phí phải báo cáo …": the units
        that open the clause are the modal's subject, a short predicate between (with
        ``apposition``, only a dash and a noun phrase: "X - cơ quan thường trực …")."""
        low = self.low
        start = _skip(low, c.start, cue)
        condition = self.v.condition.match(low, start, cue)
        if condition:
            start = _skip(low, condition.end(), cue)
        spans, after = self.owners_at(start, cue)
        if not spans or after >= cue:
            return ()
        gap = low[after:cue]
        limit = _APPOSITION_WORDS if apposition else _PREDICATE_WORDS
        if len(gap.split()) > limit or any(ch in gap for ch in ",;:"):
            return ()
        if apposition and not _DASH.match(gap):
            return ()
        return tuple(spans)

    def at_clause_start(self, c: _Clause, pos: int) -> bool:
        """Whether ``pos`` starts the clause, a segment after its fronted parts, or the
        words after a verb of saying ("Bà Nguyên lưu ý cần chú trọng …")."""
        if self.v.ends_on_speech(self.low, c.start, pos):
            return True
        return any(seg == pos for seg, _ in self.segment_starts(c.start, pos + 1))

    def subject_before(self, start: int, cue: int) -> tuple[Span, ...]:
        """A noun phrase ending right before ``cue``: a unit, or a proper name
        ("Hà Nam phải …"), nearest first; () when none."""
        low = self.plain
        for head in reversed(list(self.v.head.finditer(low, start, cue))):
            first = head.start()
            quantified = self.v.quantifier_before(low, start, first)
            for pos in (quantified, first):
                if pos is None:
                    continue
                spans, after = self.owners_at(pos, cue)
                if spans and _skip(low, after, cue, " \t") >= cue:
                    return tuple(spans)
        name = self.proper_before(start, cue)
        return (name,) if name is not None else ()

    def agent(self, c: _Clause, sentence: Sentence) -> Directive | None:
        """ "Doanh nghiệp do cơ quan đại diện chủ sở hữu thực hiện thoái vốn …": the
        agent after "do" owns the work."""
        v, low = self.v, self.low
        for marker in v.agent.finditer(low, c.start, c.end):
            spans, after = self.owners_at(_skip(low, marker.end(), c.end), c.end)
            action = _skip(low, after, c.end)
            if spans and self.starts_with_action(action, c.end):
                return self.directive(sentence, c, action, tuple(spans), (), "agent", 0.55)
        return None

    def name_until_action(self, start: int, end: int) -> Span | None:
        """A capitalised name running up to the next action, modal or time word."""
        if start >= end or not self.text[start].isupper():
            return None
        stops = [
            m.start()
            for r in (self.v.action, self.v.cue_after, self.v.future, self.v.tail_stop)
            if (m := r.search(self.low, start + 1, end))
        ]
        stop = min(stops, default=end)
        while stop > start and self.text[stop - 1] in " ,":
            stop -= 1
        words = self.text[start:stop].split()
        if not words or len(words) > _MAX_NAME_WORDS + 4:
            return None
        return Span(start, stop)

    def proper_before(self, start: int, cue: int) -> Span | None:
        """Capitalised words (a place or a body with no head word: "Hà Nam") standing
        right before ``cue`` after a clause boundary or an intro word."""
        end = cue
        while end > start and self.text[end - 1] == " ":
            end -= 1
        words = list(re.finditer(r"\S+", self.text[start:end]))
        name: list[re.Match[str]] = []
        for word in reversed(words):
            if not word.group()[:1].isupper() or len(name) >= _MAX_NAME_WORDS:
                break
            name.insert(0, word)
        if not name:
            return None
        first = start + name[0].start()
        before = self.low[start:first].strip(" ,")
        if before and not self.v.intro.search(before) and not before.endswith(("và", ",")):
            return None
        return Span(first, end)

    def segment_starts(self, start: int, end: int) -> tuple[tuple[int, bool], ...]:
        """Where the clause's subject may start, each with whether it must be followed
        by its verb at once (``strict``).

        The clause start, and after each comma that closes a fronted adverbial
        ("Theo đó, trước ngày 31/8, UBND các huyện, thị xã chủ trì …"): a subject there
        may be a list that runs on after a comma. After any other comma ("Sau thời
        hạn trên, đơn vị nào chưa gửi, Hạt Kiểm lâm tổng hợp …") the subject must be
        followed by its verb directly, so a noun inside a list ("… của người dân,
        doanh nghiệp, huy động …") is never taken for one.
        """
        key = (start, end)
        if key in self._segment_starts:  # several rules ask about the same clause
            return self._segment_starts[key]
        starts = [(start, False)]
        seg, strict = start, False
        for sep in _SEGMENT_SEP.finditer(self.low, start, end):
            i = sep.start()
            # (a colon left inside a clause closes a timetable line's time, "- Trước
            # ngày 20/3: UBND các xã gửi …", or opens names, "các Bộ: Tài chính, …")
            strict = strict or not self.fronted(seg, i)
            seg = _skip(self.low, i + 1, end)
            starts.append((seg, strict))
        found = self._segment_starts[key] = tuple(starts)
        return found

    def fronted(self, start: int, end: int) -> bool:
        """Whether ``low[start:end]`` is a fronted adverbial (intro word or a date) or
        a speaker's clause ("Phó Thủ tướng lưu ý, …")."""
        if self.v.intro.match(self.low, start, end) or self.v.ends_on_speech(self.low, start, end):
            return True
        return any(h.span.start < end for h in self.find(self.text[start:end], start))

    def subject_verb(self, c: _Clause, sentence: Sentence) -> Directive | None:
        v, low = self.v, self.low
        if self.past_lead_date(c):
            return None  # "Ngày 3/8/2015, UBND tỉnh ban hành Công văn số …": a report
        previous = c.start
        for seg, strict in self.segment_starts(c.start, c.end):
            spans, after = self.owners_at(seg, c.end)
            if not spans or (strict and low[_skip(low, after, c.end, " \t") : c.end][:1] == ","):
                previous = seg
                continue
            if strict and seg > previous and self.governed_list(c.start, seg):
                # "… do Hội đồng nhân dân tỉnh, Ủy ban nhân dân tỉnh ban hành": the
                # unit is the next of a list a preposition governs, not a subject
                previous = seg
                continue
            previous = seg
            relative = self.relative_end(after, c.end)
            if relative is not None:
                # "UBND các huyện có đơn vị hành chính thuộc diện sắp xếp, tổ chức lấy ý
                # kiến cử tri …": the subject's qualifying clause ends at the comma
                spans = [*spans[:-1], Span(spans[-1].start, relative[0])]
                after = relative[1]
            action, supports = self.lead_and_supports(self.past_time(after, c.end), c.end)
            speech = v.speech.match(low, action, c.end)
            rest = low[_skip(low, speech.end(), c.end, " \t") : c.end][:1] if speech else "x"
            if speech and (rest in (",", ":") or not rest.strip(' .!?…"”')):
                # … or the speaker after the quote: "…", Bộ trưởng X chỉ đạo.
                # "Tổng cục Hải quan quy định, các đơn vị … gửi báo cáo …": the speaker's
                # clause; what follows the comma says who acts
                previous = seg
                continue
            if v.issued_document.match(low, action, c.end):
                return None  # "Bộ Y tế ban hành Công điện số 578/CĐ-BYT …": a report
            if self.starts_with_action(action, c.end) and not _past_before(low, action, seg, v):
                self.state.explicit(tuple(spans))
                return self.directive(
                    sentence, c, action, tuple(spans), supports, "subject_verb", 0.7
                )
        return None

    def relative_end(self, after: int, end: int) -> tuple[int, int] | None:
        """A qualifying clause after a subject ("… có đơn vị thuộc diện sắp xếp, …",
        "… thuộc diện rà soát, …"): where it ends (at the comma) and where the verb
        after the comma starts, when one does."""
        start = _skip(self.low, after, end, " \t")
        opener = self.v.qualifier.match(self.low, start, end)
        if opener is None:
            return None
        comma = self.low.find(",", opener.end(), min(end, opener.end() + _RELATIVE_CHARS))
        if comma < 0:
            return None
        verb = _skip(self.low, comma + 1, end)
        if not self.starts_with_action(verb, end):
            return None
        return comma, verb

    def past_lead_date(self, c: _Clause) -> bool:
        """Whether the clause opens with a day before the document date ("Ngày
        3/8/2015, UBND tỉnh ban hành …", "Sáng 12/4, đoàn công tác làm việc …")."""
        if self.issued is None:
            return False
        start = _skip(self.low, c.start, c.end)
        for hit in self.find(self.text[start : c.end], start):
            if hit.span.start > start + _LEAD_SLACK:
                return False
            return hit.kind == "bare" and hit.deadline is not None and hit.deadline < self.issued
        return False

    def governed_list(self, start: int, seg: int) -> bool:
        """Whether ``seg`` continues a list of units that a preposition or a verb
        governs ("… do Hội đồng nhân dân tỉnh, Ủy ban nhân dân tỉnh ban hành", "phối hợp
        các cơ quan, đơn vị, địa phương liên quan kiểm tra"): the units before it, back
        to the governing word, are units and commas only."""
        end = seg
        while True:
            comma = self.low.rfind(",", start, end)
            if comma < 0:
                return False
            part = self.low.rfind(",", start, comma)
            part_start = _skip(self.low, part + 1 if part >= 0 else start, comma)
            spans, after = self.owners_at(part_start, comma)
            if spans and _skip(self.low, after, comma, " \t") >= comma:
                end = comma  # a unit alone: the list goes on before it
                if part < 0:
                    return False
                continue
            before = self.subject_before(part_start, comma)
            if not before:
                return False
            words = self.low[part_start : before[0].start].split()
            # the last word or two before the list's first unit: a preposition ("do",
            # "phối hợp") or the verb the units are the object of ("Hướng dẫn các
            # huyện, thành phố, thị xã xây dựng phương án …")
            return any(
                self.v.preposition.fullmatch(last) is not None
                or self.v.action.fullmatch(last) is not None
                for last in (" ".join(words[-n:]) for n in (1, 2) if len(words) >= n)
            )

    def past_time(self, pos: int, end: int) -> int:
        """Skip a time expression or an adjunct between a subject and its verb ("Các
        bộ, ngành trước ngày 15/1/2019 hoàn thành …", "… theo chức năng, nhiệm vụ được
        giao, báo cáo …"); the deadline stays the clause's."""
        pos = _skip(self.low, pos, end)
        for _ in range(2):
            if self.starts_with_action(pos, end):
                return pos  # "… hoàn thành trong quý II": the verb is the marker
            hits = self.find(self.text[pos:end], pos)
            timed = next((h for h in hits if h.span.start == pos), None)
            if timed is not None:
                # (before the adjuncts: "định kỳ 6 tháng" is a time, "định kỳ" alone an
                # adverb)
                pos = _skip(self.low, timed.span.end, end)
                continue
            adjunct = self.v.adjunct.match(self.plain, pos, end)
            if adjunct:
                if self.v.to_comma.fullmatch(self.plain, adjunct.start(), adjunct.end()):
                    # "Sở Y tế là cơ quan thường trực (của Ban Chỉ đạo), chủ trì …",
                    # "… căn cứ vào kết quả thực hiện nhiệm vụ, tiến hành …"
                    comma = self.low.find(",", adjunct.end(), end)
                    if 0 <= comma <= adjunct.end() + _APPOSITION_TAIL:
                        pos = _skip(self.low, comma + 1, end)
                        continue
                pos = self.adjunct_end(_skip(self.low, adjunct.end(), end), end)
                continue
            for hit in self.find(self.text[pos:end], pos):
                if hit.span.start == pos:
                    pos = _skip(self.low, hit.span.end, end)
                break
            else:
                break
        return pos

    def product_then_verb(self, c: _Clause) -> bool:
        """ "Báo cáo quý gửi trước ngày 05 …", "Kế hoạch năm ban hành trước ngày …": the
        work's product opens the clause and its verb follows within a few words."""
        product = self.v.work_product.match(
            self.low, _skip_topic(self.low, c.start, c.end, self.v), c.end
        )
        if product is None:
            return False
        words = list(_WORD.finditer(self.low, product.end(), c.end))[:_PRODUCT_WORDS]
        return any(self.starts_with_action(w.start(), c.end) for w in words)

    def adjunct_end(self, pos: int, end: int) -> int:
        """An adjunct may name where its duties are written ("… được giao tại phần II
        của Kế hoạch này"): the verb comes within a few words after "tại"."""
        if not self.v.locative.match(self.low, pos, end):
            return pos
        for word in _WORD.finditer(self.low, pos, min(end, pos + _ADJUNCT_TAIL)):
            start = _skip(self.low, word.start(), end)
            if start > pos and self.starts_with_action(start, end):
                return start
        return pos

    def narrates(self, seg: int, end: int) -> bool:
        """Whether a segment reports what was done: an aspect marker ("đã", "đang",
        "vừa") stands before its next comma ("Tại hội nghị, lãnh đạo các xã đã báo cáo
        …": "lãnh đạo" is the leaders here, not the verb)."""
        comma = self.low.find(",", seg, end)
        stop = end if comma < 0 else comma
        return any(m.group() != "được" for m in self.v.past.finditer(self.low, seg, stop))

    def imperative(self, c: _Clause, sentence: Sentence) -> Directive | None:
        action = c.start
        if self.v.consent.match(self.low, c.start, c.end):
            return None  # "Thống nhất với báo cáo …", "Đồng ý chủ trương …": an approval
        connective = self.v.connective.match(self.low, c.start, c.end)
        if connective and self.starts_with_action(_skip(self.low, connective.end(), c.end), c.end):
            # "Sau đó mới tiến hành …", "Đồng thời tăng cường …"
            action = _skip(self.low, connective.end(), c.end)
        elif not (self.starts_with_action(c.start, c.end) or self.product_then_verb(c)):
            # "Riêng trong quý I năm 2019, gửi trước ngày 05/5/2019": the verb after a
            # fronted time or intro
            action = next(
                (
                    seg
                    for seg, strict in self.segment_starts(c.start, c.end)
                    if seg > c.start
                    and not strict
                    and self.starts_with_action(seg, c.end)
                    and not self.narrates(seg, c.end)
                ),
                -1,
            )
            if action < 0:
                return None
        owners = c.own_owners or self.state.inherited(sentence, c.item)
        if c.own_owners:
            rule, confidence = "subject_verb", 0.75
        elif self.state.scope_owners or self.state.passage_scopes:
            rule, confidence = "scope", 0.75
        elif self.state.last_owners:
            rule, confidence = "inherit", 0.65
        else:
            rule, confidence = "imperative", 0.5
        if action != c.start:
            rule += "+fronted"
        return self.directive(
            sentence, c, action, owners, (), rule, confidence, inherited=not c.own_owners
        )

    def directive(
        self,
        sentence: Sentence,
        c: _Clause,
        action: int,
        owners: tuple[Span, ...],
        supports: tuple[Span, ...],
        rule: str,
        confidence: float,
        *,
        inherited: bool = False,
    ) -> Directive:
        end = c.end
        while end > action and self.text[end - 1] in _TRAIL:
            end -= 1
        if self.state.addressees and any(
            self.v.addressee_anaphor.match(self.low, o.start, o.end) for o in owners
        ):
            # "Đề nghị Quý cơ quan, đơn vị …": the anaphor and the letter's addressees
            # it stands for (ANNOTATION 5)
            owners = tuple(dict.fromkeys((*owners, *self.state.addressees)))
        previous = [o for o in owners if self.v.previous_anaphor.search(self.low, o.start, o.end)]
        if previous and self.named:
            # "Các đơn vị trên báo cáo kết quả …": the anaphor and the units named
            # before it (ANNOTATION 5)
            named = tuple(s for s in self.named.values() if s not in owners)
            owners = (*owners, *named)
        elif owners and not inherited:
            for o in owners:
                self.named.setdefault(" ".join(self.low[o.start : o.end].split()), o)
        return Directive(
            sentence=sentence,
            clause=c.clause,
            action=Span(action, max(action, end)),
            owners=owners,
            supports=supports,
            rule=rule,
            confidence=round(min(confidence, 0.99), 2),
            inherited=inherited,
            # a conditional duty ("Trường hợp … phải báo cáo ngay") has no deadline of
            # the passage's (ANNOTATION 22)
            scope_deadline=None if self.conditional(c) else self.heading_deadline(c, sentence),
        )

    def heading_reach(self, sentence: Sentence, c: _Clause) -> int:
        """The paragraph a heading's deadline is bound to, or -1 when it holds for the
        passage: a topic ("Về nhiệm vụ … quý 4, đồng chí … nhấn mạnh:") or a speaker's
        words run on over paragraphs; a list's heading ("… hoàn thành trước 31/8 gồm:")
        holds for its list."""
        start = _skip(self.low, sentence.span.start, c.end)
        clause_text = self.low[c.clause.span.start : c.clause.span.end].rstrip(" :")
        if self.v.topic.match(self.low, start, c.end) or self.v.ends_on_speech(clause_text):
            return -1
        return sentence.paragraph

    def heading_deadline(self, c: _Clause, sentence: Sentence) -> DeadlineHit | None:
        """The deadline of the heading or topic the clause stands under, if any: a
        heading's holds in its paragraph and on list lines, not in later prose."""
        state = self.state
        if state.scope_deadline is None or state.deadline_paragraph < 0:
            return state.scope_deadline
        if sentence.paragraph == state.deadline_paragraph or c.item:
            return state.scope_deadline
        if self.v.list_marker.match(self.low, sentence.span.start, sentence.span.end):
            return state.scope_deadline
        return None

    def conditional(self, c: _Clause) -> bool:
        """Whether the clause opens with a condition ("Trường hợp …", "Nếu …")."""
        pos = _skip(self.low, c.clause.span.start, c.end)
        marker = self.v.list_marker.match(self.low, pos, c.end)
        if marker:
            pos = _skip(self.low, marker.end(), c.end)
        return self.v.condition.match(self.low, pos, c.end) is not None

    # --- the walk -----------------------------------------------------------

    def title_line(self, c: _Clause, sentence: Sentence) -> bool:
        """A line that is a title, not a sentence: a section ("III. TỔ CHỨC THỰC
        HIỆN") or a unit heading the lines under it ("1. Phòng Văn hóa và Thông tin")."""
        if c.clause.text.endswith(":"):
            return False  # a line ending in ":" is a heading of what follows
        numbered = _SECTION_MARKER.match(self.low, c.clause.span.start, c.end) is not None
        closing = self.text[sentence.span.end - 1]
        if closing in ".!?…" or (closing == ";" and not numbered):
            return False
        # a numbered heading may close a sentence that introduces it ("… nhiệm vụ sau:
        # 1. Bộ Giao thông vận tải", converted documents run them together)
        last = c.clause is sentence.clauses[-1]
        if len(sentence.clauses) != 1 and not (numbered and last):
            return False
        body = self.low[c.start : c.end]
        if not body.strip() or len(body.split(maxsplit=_MAX_TITLE_WORDS)) > _MAX_TITLE_WORDS:
            return False
        if (
            self.v.doc_title.match(self.low, c.start, c.end)
            and not self.starts_with_action(c.start, c.end)
            and not any(h.kind != "bare" for h in self.find(self.text[c.start : c.end], c.start))
        ):
            return True  # "Kế hoạch sắp xếp đơn vị hành chính cấp xã của thành phố …"
        upper = c.clause.text.upper() == c.clause.text
        spans, after = self.owners_at(c.start, c.end)
        heads = numbered or (self.state.active and not upper)
        end = c.end
        while end > c.start and self.text[end - 1] in " ;:":
            end -= 1
        runs_on = spans and heads and numbered and _skip(self.low, after, end, " \t") < end
        if runs_on and not self.holds_verb(after, end):
            # a numbered unit heading whose name runs on ("1. Ủy ban nhân dân các tỉnh,
            # thành phố trực thuộc Trung ương"): the whole line, when it holds no verb
            spans, after = [Span(c.start, end)], end
        if spans and _skip(self.low, after, end, " \t") >= end and heads:
            # "2. Trung tâm Y tế huyện" heads the lines under it, and so does an
            # unnumbered unit line inside a passage; an issuer's or a site's name at
            # the top of a page ("VĂN PHÒNG HĐND VÀ UBND", "Ủy ban nhân dân tỉnh") does not
            self.open_scope(tuple(spans), sentence)
            self.state.section = True
            self.state.passage_scopes = ()
            return True
        if self.v.action.match(self.low, c.start, c.end) or self.v.cue_before.search(
            self.low, c.start, c.end
        ):
            return False
        if not (numbered or upper):
            return False
        if self.v.section_word.search(self.low, c.start, c.end):
            self.state.close()
            self.state.active = True
        else:
            self.state.close()
        return True

    def holds_verb(self, start: int, end: int) -> bool:
        """Whether an action verb or a modal stands in ``low[start:end]``."""
        v, low = self.v, self.low
        return bool(v.action.search(low, start, end) or v.cue_after.search(low, start, end))

    def classify(
        self, c: _Clause, sentence: Sentence, previous: Directive | None, first: bool
    ) -> Directive | None:
        if self.title_line(c, sentence) or self.heading(c, sentence):
            return None
        if any(start <= c.start < end for start, end in self.aim_parts):
            return None  # "I. MỤC ĐÍCH, YÊU CẦU … a) Nâng cao nhận thức …": aims, not work
        self.body_start(c, sentence)
        if c.start >= c.end or self.liability(c):
            return None
        found = self.cue_before(c, sentence) or self.modal(c, sentence)
        if found:
            return found
        lower_start = self.text[c.start].islower()
        if not first and lower_start:
            # "…; rà soát hộ nghèo …": a lower-case clause after ";" carries on the
            # clause before it, directive or not.
            if previous is None:
                # a lower-case clause after one that was no task ("…; hoàn thành chương
                # trình vào 23/5 …") may still date work of its own
                return self.outside_passage(c, sentence) if not self.state.active else None
            # "…; đại hội đoàn cấp huyện hoàn thành trước …": a clause that names the
            # body holding its own event has its own owner
            holder = self.event_holder(c, sentence)
            if holder is not None:
                return holder
            spans, after = self.owners_at(c.start, c.end)
            if spans and self.starts_with_action(_skip(self.low, after, c.end), c.end):
                # "đề nghị Phòng A hướng dẫn …; các xã, thị trấn rà soát …": a clause that
                # names its own subject is that subject's work
                c.own_owners = tuple(spans)
                own = self.subject_verb(c, sentence)
                if own is not None:
                    return own
                c.own_owners = ()
            return replace(
                self.directive(
                    sentence,
                    c,
                    c.start,
                    previous.owners,
                    previous.supports,
                    previous.rule,
                    previous.confidence,
                    inherited=previous.inherited,
                ),
                continuation=True,
            )
        if self.state.active or c.own_owners:
            return (
                self.subject_verb(c, sentence)
                or self.event_holder(c, sentence)
                or self.imperative(c, sentence)
                # "Ngày 12/7 hoàn chỉnh dự thảo …": a timetable's day ahead opens work
                # inside a passage too
                or self.dated_step(c, sentence)
                # "Đối với các trường học, việc tự chấm điểm thực hiện trước ngày …":
                # dated work under a topic that names its owner
                or (self.outside_passage(c, sentence) if c.own_owners else None)
                or self.milestone_in_passage(c, sentence)
            )
        return self.outside_passage(c, sentence)

    def outside_passage(self, c: _Clause, sentence: Sentence) -> Directive | None:
        """Outside a passage a clause is a task when it dates work ahead (ANNOTATION
        1b): "UBND cấp xã lập danh sách hộ nghèo: xong trước ngày …", "Cấp huyện hoàn
        thành trước ngày …", "Ngày 12/7 hoàn chỉnh dự thảo …"."""
        hits = self.find(c.clause.text, c.clause.span.start)
        if not hits:
            return None
        dated = [h for h in hits if self.dates_work(h)]
        lead_date = self.leading_bare_date(c, hits)
        if not dated and lead_date is None:
            return None
        if lead_date is not None:
            c.start = _skip(self.low, lead_date.span.end, c.end, " \t,:")
        found = (
            self.subject_verb(c, sentence)
            or self.event_holder(c, sentence)
            or self.agent(c, sentence)
        )
        if found is None:
            action = self.first_action(c)
            if action is None:
                return None
            # no subject: the document's addressees, if it has any ("Kính gửi: …"),
            # else the subject of the sentence before (ANNOTATION 18)
            owners = c.own_owners or self.state.addressees
            if self.state.active and not c.own_owners:
                # inside a passage the work is the passage's ("Ngày 12/7 hoàn chỉnh …")
                owners = self.state.inherited(sentence, c.item) or owners
            if not c.own_owners and self.words_before(c, action, hits):
                # "Theo dự báo …, bão số 7 có khả năng đổ bộ … trong ngày 07/9": the
                # clause has a subject of its own that is no unit; nobody is addressed
                owners = ()
            rule = "dated_milestone" if self.milestone(c, dated) else "dated_work"
            if lead_date is not None and action == c.start:
                # "Ngày 12/7 hoàn chỉnh dự thảo …": a timetable's step (ANNOTATION 1b)
                rule = "dated_step"
            if (
                not owners
                and c.clause.span.start == sentence.span.start
                and self.v.future.search(self.low, c.clause.span.start, c.end)
                and not self.words_before(c, action, hits)
                and self.previous_subject()
            ):
                # "… UBBC xã A đã niêm yết … Dự kiến, sẽ tổ chức hiệp thương …": what the
                # subject before plans next
                owners, rule = self.previous_subject(), "dated_work+previous_subject"
            found = self.directive(
                sentence, c, action, owners, (), rule, 0.5, inherited=bool(owners)
            )
        else:
            found = replace(found, rule=f"dated_{found.rule}")
        if lead_date is not None:
            found = replace(found, scope_deadline=replace(lead_date, kind="by"))
        return found

    def milestone_in_passage(self, c: _Clause, sentence: Sentence) -> Directive | None:
        """ "Kết quả sẽ được công bố vào tháng 1/2026" after a directive: a milestone
        ahead with no subject of its own is no unit's (ANNOTATION 1b), even inside a
        passage."""
        hits = self.find(c.clause.text, c.clause.span.start)
        if not self.milestone(c, [h for h in hits if self.dates_work(h)]):
            return None
        found = self.outside_passage(c, sentence)
        if found is None or found.rule != "dated_milestone" or not found.inherited:
            return found
        return replace(found, owners=(), supports=(), inherited=False)

    def milestone(self, c: _Clause, dated: Sequence[DeadlineHit]) -> bool:
        """Whether a dated hit of the clause closes work named just before it ("kết thúc
        học kỳ I trước ngày 14/1", "hoàn thành chương trình năm học vào 23/5"): a
        timetable's milestone (ANNOTATION 1b)."""
        return any(
            self.v.completion.search(
                self.low, max(c.start, h.span.start - _MILESTONE_REACH), h.span.start
            )
            for h in dated
        )

    def words_before(self, c: _Clause, action: int, hits: Sequence[DeadlineHit]) -> bool:
        """Whether words other than time expressions and future markers stand before
        the action ("Dự kiến, đến tháng 6, 100% xã sẽ triển khai …": a subject of its
        own, if one the owner grammar cannot name)."""
        chars = list(self.low[c.start : action])
        for hit in hits:
            for i in range(max(hit.span.start, c.start), min(hit.span.end, action)):
                chars[i - c.start] = " "
        rest = self.v.future.sub(" ", "".join(chars))
        return any(ch.isalnum() for ch in rest)

    def dated_step(self, c: _Clause, sentence: Sentence) -> Directive | None:
        """Inside a passage, a clause that opens with a day ahead and then its action."""
        hits = self.find(c.clause.text, c.clause.span.start)
        if self.leading_bare_date(c, hits) is None:
            return None
        return self.outside_passage(c, sentence)

    def dates_work(self, hit: DeadlineHit) -> bool:
        """A time expression that can close work: a marked day or range ("trước ngày",
        "từ … đến …", even when already past: ANNOTATION 11), a count of days from a
        known day, a period or recurrence that lies ahead of the document date."""
        if hit.kind in ("by", "range"):
            return True
        if hit.kind == "relative":
            # "trong 5 ngày kể từ ngày 22/10", "trước khi trình Kỳ họp" (ANNOTATION 9)
            return True
        if hit.kind in ("period", "recurring"):
            return hit.deadline is None or self.issued is None or hit.deadline >= self.issued
        return False

    def leading_bare_date(self, c: _Clause, hits: Sequence[DeadlineHit]) -> DeadlineHit | None:
        """ "Ngày 12/7 hoàn chỉnh dự thảo": a timetable's day before an action, ahead of
        the document date."""
        start = _skip(self.low, c.start, c.end)
        for hit in hits:
            if hit.kind != "bare" or hit.span.start != start or hit.deadline is None:
                continue
            if self.issued is not None and hit.deadline < self.issued:
                return None
            after = _skip(self.low, hit.span.end, c.end, " \t,:")
            if self.starts_with_action(after, c.end):
                return hit
        return None

    def first_action(self, c: _Clause) -> int | None:
        """Where the first action verb of the clause stands, unless it is past."""
        verb = self.v.action.search(self.low, c.start, c.end)
        while verb is not None:
            marker = self.v.future.match(self.low, verb.start(), c.end)
            if marker is None or marker.end() <= verb.end():
                break
            # "Dự kiến, …": a future marker, not the verb "dự" (attend)
            verb = self.v.action.search(self.low, marker.end(), c.end)
        if verb is None:
            return None
        if _past_before(
            self.low, verb.start(), c.start, self.v
        ) and not self.v.future_passive.search(
            self.low, max(c.start, verb.start() - 16), verb.start()
        ):
            return None  # "đã tổ chức" is done; "sẽ được công bố" is still ahead
        return verb.start()

    def event_holder(self, c: _Clause, sentence: Sentence) -> Directive | None:
        """ "Đại hội Hội Nông dân cấp huyện hoàn thành trước …", "nhiệm vụ của tiểu ban
        phải hoàn thành trước …": the body that holds the congress, or whose work it
        is, owns it (ANNOTATION 1c)."""
        v, low = self.v, self.low
        for seg, _ in self.segment_starts(c.start, c.end):
            start = seg
            lead = v.future.match(low, start, c.end) or v.quantity.match(low, start, c.end)
            if lead:
                start = _skip(low, lead.end(), c.end)
            holder = v.event_holder.match(low, start, c.end)
            if holder is None:
                continue
            name_start = _skip(low, holder.end(), c.end)
            spans, after = self.owners_at(name_start, c.end)
            if not spans:
                # "Đại hội Nông dân cấp huyện hoàn thành …": a body named without a head word
                name = self.name_until_action(name_start, c.end)
                if name is None:
                    continue
                spans, after = [name], name.end
            nxt = _skip(low, after, c.end)
            timed = self.timed_after_colon(nxt + 1, c.end) if low[nxt : nxt + 1] == ":" else None
            if (
                self.starts_with_action(nxt, c.end)
                or v.future.match(low, nxt, c.end)
                or v.cue_after.match(low, nxt, c.end)
                or timed is not None
            ):
                found = self.directive(sentence, c, start, tuple(spans), (), "event_holder", 0.6)
                if timed is not None and timed is not True and timed.kind == "bare":
                    # "…: ngày 15/4/2025": the colon marks the event's day
                    found = replace(found, scope_deadline=replace(timed, kind="by"))
                return found
        return None

    def timed_after_colon(self, pos: int, end: int) -> DeadlineHit | Literal[True] | None:
        """ "- Đại hội Chi bộ Trường THCS A: ngày 15/4/2025", "…: hoàn thành trước ngày
        30/5": a timetable's line, whose colon the event's time (the hit) or its work
        (True) follows; None when neither does."""
        pos = _skip(self.low, pos, end)
        if self.starts_with_action(pos, end):
            return True
        return next(
            (
                h
                for h in self.find(self.text[pos:end], pos)
                if h.span.start == pos and (h.deadline is not None or h.kind == "relative")
            ),
            None,
        )

    def item_deadline(self, sentence: Sentence, found: list[Directive], first_new: int) -> None:
        """A numbered item's own date holds for the dashed lines under it ("3. Tổng
        kết Tháng hành động (trước ngày 30/5/2026) ⏎ - Phòng Y tế tổng hợp kết quả …")
        that have none of their own."""
        start, end = sentence.span.start, sentence.span.end
        if _NUMBERED_ITEM.match(self.low, start, end):
            hits = [
                h
                for h in self.find(self.text[start:end], start)
                if h.kind in ("by", "range") and h.deadline is not None
            ]
            self._item_hit = hits[-1] if hits else None
            return
        if self._item_hit is None or not _DASH_ITEM.match(self.low, _skip(self.low, start, end)):
            return
        for index in range(first_new, len(found)):
            d = found[index]
            if d.scope_deadline is None and not any(
                h.kind != "bare" for h in self.find(d.clause.text, d.clause.span.start)
            ):
                found[index] = replace(d, scope_deadline=self._item_hit)

    def _aim_parts(self) -> list[tuple[int, int]]:
        """Where a plan's part on its aims runs: from its Roman-numbered heading ("I.
        MỤC ĐÍCH, YÊU CẦU") to the next Roman-numbered part."""
        parts: list[tuple[int, int]] = []
        numbers = list(_ROMAN_PART.finditer(self.text))
        for index, number in enumerate(numbers):
            if not self.v.aim_heading.match(self.low, number.end()):
                continue
            end = numbers[index + 1].start() if index + 1 < len(numbers) else len(self.text)
            parts.append((number.start(), end))
        return parts

    def previous_subject(self) -> tuple[Span, ...]:
        """The subject of the sentence before, looking further back past sentences
        that have none and give no task."""
        for sentence, had_directive in reversed(self._read_sentences[-_SUBJECT_LOOKBACK:]):
            subject = self.sentence_subject(sentence)
            if subject or had_directive:
                return subject
        return ()

    def sentence_subject(self, sentence: Sentence) -> tuple[Span, ...]:
        """The units a sentence's first clause opens with, after a fronted time or
        adverbial, when a verb or an aspect word follows them ("Đến ngày 11/4, UBBC xã
        A đã niêm yết …")."""
        if not sentence.clauses:
            return ()
        clause = sentence.clauses[0].span
        for seg, _ in self.segment_starts(clause.start, clause.end)[:3]:
            spans, after = self.owners_at(seg, clause.end)
            if not spans:
                continue
            nxt = _skip(self.low, after, clause.end)
            if (
                self.starts_with_action(nxt, clause.end)
                or self.v.past.match(self.low, nxt, clause.end)
                or self.v.future.match(self.low, nxt, clause.end)
            ):
                return tuple(spans)
        return ()

    def closing_formula(self, sentence: Sentence) -> bool:
        """ "Trên đây là Kế hoạch …, yêu cầu các đơn vị nghiêm túc thực hiện": the
        closing sums the document up; with no date of its own it adds no work."""
        start, end = sentence.span.start, sentence.span.end
        if not self.v.closing.match(self.low, _skip(self.low, start, end), end):
            return False
        return not any(self.dates_work(h) for h in self.find(self.text[start:end], start))

    def meeting_news(self, sentence: Sentence) -> bool:
        """ "Ngày 3/7, Ban chỉ đạo huyện tổ chức Hội nghị sơ kết nhiệm vụ 6 tháng cuối
        năm …": a sentence that opens on the day a meeting was held (on or before the
        document date) and tells of it, with no word of instruction, reports the meeting;
        the period in its name is no deadline (ANNOTATION 2, 6)."""
        start, end = sentence.span.start, sentence.span.end
        # (the day first: it is looked up at the start, the meeting in the whole sentence)
        if not self.opens_on_a_past_day(start, end):
            return False
        if not self.v.meeting.search(self.low, start, end):
            return False
        return not any(
            not self.v.inside_head(self.low, m.start())
            for m in self.v.cue_before.finditer(self.low, start, end)
        )  # "… tổ chức hội nghị, yêu cầu các xã …" ("Ban chỉ đạo" is a name)

    def opens_on_a_past_day(self, start: int, end: int) -> bool:
        """Whether the sentence opens on a day on or before the document date."""
        if self.issued is None:
            return False
        lead = self.v.lead_date.match(self.low, start, end)
        if lead:  # "Chiều 07/11, …": the day of the news
            day = _day_of(lead, self.issued)
            return day is not None and day <= self.issued
        at = _skip(self.low, start, end)
        for hit in self.find(self.text[at:end], at):
            if hit.span.start > at + _MEETING_DAY_SLACK:
                return False
            return hit.deadline is not None and hit.deadline <= self.issued
        return False

    def attendance(self, sentence: Sentence) -> bool:
        """ "Tham dự hội nghị có đồng chí …; đại diện …": the list of who attended."""
        start, end = sentence.span.start, sentence.span.end
        return self.v.attendance.match(self.plain, _skip(self.plain, start, end), end) is not None

    def caption_line(self, sentence: Sentence) -> bool:
        """Whether the sentence stands on a short line that credits a photo ("Lực lượng
        chức năng kiểm tra hàng hóa. Ảnh: Minh Anh"): a caption describes a picture,
        unless it reports a directive ("Thủ tướng yêu cầu … (Ảnh: …)", ANNOTATION 16)."""
        text = self.text
        start = text.rfind("\n", 0, sentence.span.start) + 1
        end = text.find("\n", sentence.span.end)
        end = len(text) if end < 0 else end
        # (the credit first: a rare word, found at once; then the words counted, up to
        # one past the limit: the line may be a long paragraph)
        if self.v.caption.search(self.low, start, end) is None:
            return False
        if len(text[start:end].split(maxsplit=_CAPTION_WORDS)) > _CAPTION_WORDS:
            return False
        return not any(
            not self.v.inside_head(self.low, m.start())
            for m in self.v.cue_before.finditer(self.low, sentence.span.start, sentence.span.end)
        )

    def read(self, sentences: Sequence[Sentence]) -> list[Directive]:
        found: list[Directive] = []
        last_sentence: Sentence | None = None
        collecting = False
        before: Sentence | None = None  # the sentence just before, directive or not
        ahead: DeadlineHit | None = None  # a time line's, for the sentence after it
        for number, sentence in enumerate(sentences):
            dated_ahead, ahead = ahead, None
            if self.v.distribution.match(self.low, sentence.span.start, sentence.span.end):
                break  # "Nơi nhận:": the distribution list and the signature follow
            if self.v.page_end.fullmatch(self.plain, sentence.span.start, sentence.span.end):
                break  # "Tin liên quan": links to other articles follow
            if self.v.page_chrome.match(self.low, sentence.span.start, sentence.span.end):
                # a web page's furniture ("Thống kê truy cập", "Ảnh: …", "Bình luận"):
                # skipped, the passage around a photo credit goes on
                before = sentence
                continue
            if (
                self.closing_formula(sentence)
                or self.attendance(sentence)
                or self.meeting_news(sentence)
            ):
                before = sentence
                continue
            if self.caption_line(sentence):
                before = sentence
                continue
            if self.table_cell(sentence, found) or self.pipe_row(sentence, found):
                before = sentence
                continue
            if (
                self.assigning
                and not self.state.active
                and 0 < list_level(self.text, sentence.span) <= _LETTER_LEVEL
            ):
                self.state.active = True  # (a numbered item: dashes list addressees too)
            item = self.field_item(sentence, before, last_sentence)
            if item is not None:
                found.append(item)
                last_sentence = before
            before = sentence
            nxt = sentences[number + 1] if number + 1 < len(sentences) else None
            if (
                nxt is not None
                and nxt.paragraph == sentence.paragraph
                and not self.undated(found, last_sentence)
            ):
                ahead = self.time_line_ahead(sentence)
                if ahead is not None:
                    continue
            if self.field_line(sentence, last_sentence, found):
                continue
            if self.deadline_line(sentence, last_sentence, found):
                continue
            heading = sentences[number - 1] if number else None
            if heading is not None and self.time_under_heading(
                sentence, heading, last_sentence, found
            ):
                continue
            if collecting and not _DASH_ITEM.match(self.low, sentence.span.start):
                collecting = False  # the addressee list ("Kính gửi: - …; - …") is over
            previous: Directive | None = None
            any_directive = False
            first_new = len(found)
            for index, clause in enumerate(sentence.clauses):
                c = _Clause(clause, self.low, clause.span.start, clause.span.end)
                marker = self.v.list_marker.match(self.low, c.start, c.end)
                if marker:
                    c.start = marker.end()
                    c.item = True
                while c.start < c.end and self.low[c.start] in _OPENING_QUOTES:
                    c.start += 1  # “Các trường phải …”, Bộ trưởng chỉ đạo.
                # (the label ends on ":": clauses without one are not searched)
                if self.low.find(":", c.start, c.end) >= 0 and self.v.addressee_label.search(
                    self.low, c.start, c.end
                ):
                    collecting = True
                    continue
                if collecting:
                    # every item up to the end of the sentence names an addressee
                    # ("- Bộ trưởng Bộ: Xây dựng, Tài chính; - Chủ tịch UBND các tỉnh.")
                    spans, _ = self.owners_at(c.start, c.end)
                    self.state.addressees += tuple(spans)
                    continue
                directive = self.classify(
                    c, sentence, previous, first=index == 0 or _after_colon(self.text, clause)
                )
                if directive is not None:
                    found.append(directive)
                    any_directive = True
                    last_sentence = sentence
                previous = directive
            if not any_directive and self.state.active and self.is_description(sentence):
                self.state.close()
            self._read_sentences.append((sentence, any_directive))
            if dated_ahead is not None:
                self.date_undated(found, first_new, dated_ahead)
            self.item_deadline(sentence, found, first_new)
            topic = self.topic_deadline(sentence)
            if topic is not None:
                # "Về nhiệm vụ trọng tâm trong quý 4, …": the period holds for the work
                # of the passage that follows (ANNOTATION 17)
                self.state.scope_deadline = topic
                self.state.deadline_paragraph = -1
        self.close_row(found)  # the last row of a table whose time column comes first
        return found

    def table_cell(self, sentence: Sentence, found: list[Directive]) -> bool:
        """A flattened table whose columns include a deadline ("TT | Nội dung | Ngày
        chậm nhất phải hoàn thành", one cell per line): a row opens at its number, and
        a cell that is only a date is the deadline of the row's work (ANNOTATION 19).
        The row's directives take it; a content cell with none is a task of its own.
        True when the sentence was a table cell with no text to read."""
        text = sentence.text.strip()
        t = self.table
        if self.v.deadline_column.fullmatch(self.low, sentence.span.start, sentence.span.end):
            t.columns = True
            return True
        if not t.columns:
            return False
        if _ROW_NUMBER.fullmatch(text):
            self.close_row(found)
            t.row, t.row_found = [], len(found)
            return True
        hits = [
            h
            for h in self.find(sentence.text, sentence.span.start)
            if h.deadline and self.v.calendar_date.search(h.text)
        ]
        if hits and _DATE_CELL.fullmatch(_cut_spans(text, sentence.span.start, hits)):
            if t.row is None:
                return True
            if not t.row:
                # the time column comes before the work ("TT | Thời gian | Nội dung |
                # Đơn vị thực hiện"): the row is read when the next one opens
                t.date = hits[0]
                return True
            t.date = hits[0]
            self.close_row(found)
            return True
        if t.row is not None:
            t.row.append(sentence)
        return False

    def close_row(self, found: list[Directive]) -> None:
        """Date the directives of the table row being read and make a task of each work
        cell with none (ANNOTATION 19), when the row had a date cell."""
        t = self.table
        hit, t.date = t.date, None
        if t.row is None or hit is None:
            t.row = None
            return
        hits = [hit]
        row_directives = found[t.row_found :]
        owned = {d.sentence.span.start for d in row_directives}
        for index in range(t.row_found, len(found)):
            found[index] = replace(found[index], scope_deadline=hits[0])
        # a cell that is only units is the row's lead ("Cơ quan chủ trì" column)
        lead = next((units for s in t.row if (units := self.unit_cell(s))), ())
        # the work, not the row's title nor a bracketed note ("(Điều 9 Luật …)");
        # a short cell that opens on its action is the work when nothing else is
        texts = [s for s in t.row if not s.text.lstrip().startswith("(") and not self.unit_cell(s)]
        cells = [
            s
            for s in texts
            if s.text.strip()[-1:] in ".;)" or len(s.text.split()) > _TITLE_CELL_WORDS
        ] or [
            s
            for s in texts
            if self.starts_with_action(_skip(self.low, s.span.start, s.span.end), s.span.end)
        ]
        for cell in cells:
            if cell.span.start in owned:
                continue
            clause = cell.clauses[0]
            c = _Clause(clause, self.low, clause.span.start, cell.clauses[-1].span.end)
            spans, after = self.owners_at(c.start, c.end)
            action = _skip(self.low, after, c.end)
            if not (spans and self.starts_with_action(action, c.end)):
                spans, action = list(lead), c.start
            directive = self.directive(cell, c, action, tuple(spans), (), "table_row", 0.5)
            found.append(replace(directive, scope_deadline=hits[0]))
        t.row = None

    def pipe_row(self, sentence: Sentence, found: list[Directive]) -> bool:
        """A table written one row per line, cells joined by " | " (how a .docx table
        is read): a header row that names a deadline column gives each column its role
        (the work, the lead, the supports, the time); each row under it is a task of
        its lead, dated by its time cell (ANNOTATION 19). True when the sentence was
        such a row."""
        cells = _pipe_cells(self.text, sentence.span)
        if len(cells) < _MIN_PIPE_CELLS:
            self.pipe_roles = None
            return False
        lows = [" ".join(self.low[c.start : c.end].split()) for c in cells]
        if any(self.v.deadline_column.fullmatch(cell) for cell in lows):
            self.pipe_roles = [self.column_role(cell) for cell in lows]
            return True
        roles = self.pipe_roles
        if roles is None or len(roles) != len(cells) or "work" not in roles:
            return False
        work = cells[roles.index("work")]
        if work.end <= work.start:
            return True
        owners = self.column_units(cells, roles, "owner")
        supports = self.column_units(cells, roles, "support")
        clause = Clause(work, work.slice(self.text))
        cell = Sentence(work, clause.text, (clause,), sentence.paragraph)
        c = _Clause(clause, self.low, work.start, work.end)
        directive = self.directive(cell, c, work.start, owners, supports, "table_row", 0.5)
        times = [cells[i] for i, r in enumerate(roles) if r == "time"]
        hit = next(
            (
                h
                for t in times
                for h in self.find(self.text[t.start : t.end], t.start)
                if h.deadline is not None or h.kind == "relative"
            ),
            None,
        )
        if hit is not None:
            # the column marks the time: a bare day in it is the deadline
            marked = replace(hit, kind="by") if hit.kind == "bare" else hit
            directive = replace(directive, scope_deadline=marked)
        found.append(directive)
        return True

    def column_role(self, header: str) -> str:
        """The role of a table column from its header cell: "time", "owner", "support",
        "number" (a short label such as "TT"), "other" (a product, a note) or "work"
        (the first column left)."""
        if self.v.deadline_column.fullmatch(header):
            return "time"
        kind = self.v.field_kind.get(header)
        if kind in ("owner", "support"):
            return kind
        if kind is not None:
            return "other"
        if len(header) <= _NUMBER_HEADER_CHARS:
            return "number"
        return "work"

    def column_units(
        self, cells: Sequence[Span], roles: Sequence[str], role: str
    ) -> tuple[Span, ...]:
        """The units named in the row's cells of the columns with ``role``."""
        out: list[Span] = []
        for cell, r in zip(cells, roles, strict=True):
            if r == role:
                out += self.owners_at(_skip(self.low, cell.start, cell.end), cell.end)[0]
        return tuple(out)

    def unit_cell(self, cell: Sentence) -> tuple[Span, ...]:
        """The units of a table cell that holds nothing else ("Phòng Tư pháp", "Sở Y tế;
        UBND các huyện"), else ()."""
        start, end = cell.span.start, cell.span.end
        spans, after = self.owners_at(_skip(self.low, start, end), end)
        if not spans or _skip(self.low, after, end, " \t,;.") < end:
            return ()
        return tuple(spans)

    def field_item(
        self, sentence: Sentence, before: Sentence | None, last: Sentence | None
    ) -> Directive | None:
        """A plan's item that states no verb ("a) Nhiệm vụ được giao tại khoản 5 Điều
        30 …") is a task when an owner field follows it ("- Cơ quan chủ trì: …", ANNOTATION
        19): a directive of that item, whose owner the field line then gives."""
        if before is None or before is last:
            return None
        label = self.v.field.match(self.low, sentence.span.start, sentence.span.end)
        if label is None:
            return None
        kind = self.v.field_kind.get(" ".join(label.group("label").split()), "")
        if kind != "owner" or self.v.field.match(self.low, before.span.start, before.span.end):
            return None
        clause = before.clauses[0]
        c = _Clause(clause, self.low, clause.span.start, before.clauses[-1].span.end)
        marker = self.v.list_marker.match(self.low, c.start, c.end)
        if marker:
            c.start = marker.end()
        if c.start >= c.end or before.text.rstrip().endswith(":"):
            return None
        return self.directive(before, c, c.start, (), (), "field_item", 0.5, inherited=True)

    def field_line(self, sentence: Sentence, last: Sentence | None, found: list[Directive]) -> bool:
        """A labelled field of a plan's item ("Cơ quan chủ trì: Sở Tư pháp.", "Thời
        gian thực hiện: Quý IV/2024"): the owner or deadline of the directives of the
        item sentence above it; a support or product field gives no task."""
        label = self.v.field.match(self.low, sentence.span.start, sentence.span.end)
        if label is None:
            deadline = self.v.list_marker.match(self.low, sentence.span.start, sentence.span.end)
            start = deadline.end() if deadline else sentence.span.start
            if not self.v.deadline_label.match(self.low, start, sentence.span.end):
                return False
            return self.deadline_line(sentence, last, found, start) or True
        kind = self.v.field_kind.get(" ".join(label.group("label").split()), "")
        if kind != "owner" or last is None or not found or found[-1].sentence is not last:
            return True
        spans, _ = self.owners_at(
            _skip(self.low, label.end(), sentence.span.end), sentence.span.end
        )
        if not spans:
            return True
        for index in range(len(found) - 1, -1, -1):
            if found[index].sentence is not last:
                break
            found[index] = replace(
                found[index], owners=tuple(spans), inherited=False, rule="field_owner"
            )
        return True

    def deadline_line(
        self, sentence: Sentence, last: Sentence | None, found: list[Directive], start: int = -1
    ) -> bool:
        """ "Thời gian hoàn thành: trước ngày 31/12/2024." gives the deadline of the
        directive sentence just before it (when that one has none of its own)."""
        at = sentence.span.start if start < 0 else start
        label = self.v.deadline_label.match(self.low, at, sentence.span.end)
        if label is None or last is None or not found or found[-1].sentence is not last:
            return False
        # the label is the marker: a bare day or period after it is the deadline
        # ("Thời gian thực hiện: Tháng 5 và tháng 6 năm 2025.")
        hits = [
            h if h.kind != "bare" else replace(h, kind="period")
            for h in self.find(sentence.text, sentence.span.start)
            if h.kind != "bare"
            or (h.deadline is not None and (self.issued is None or h.deadline >= self.issued))
        ]
        if not hits:
            return False
        line_level = list_level(self.text, sentence.span)
        if 0 < line_level < list_level(self.text, last.span):
            # "2. Báo cáo … như sau: a) Nội dung: - …; - Đề xuất … b) Thời gian báo cáo:
            # …": a time line beside the item that holds the dashed lines is that item's
            self.parent_deadline(line_level, found, hits[-1])
            return True
        for index in range(len(found) - 1, -1, -1):
            if found[index].sentence is not last:
                break
            found[index] = replace(found[index], scope_deadline=hits[-1])
        siblings = self.sibling_items(last, sentence)
        for index in range(len(found) - 1, -1, -1):
            d = found[index]
            if d.sentence.span.start < min(siblings, default=last.span.start):
                break
            if d.sentence.span.start in siblings and d.scope_deadline is None:
                found[index] = replace(d, scope_deadline=hits[-1])
        return True

    def time_under_heading(
        self, sentence: Sentence, heading: Sentence, last: Sentence | None, found: list[Directive]
    ) -> bool:
        """ "III. THỜI GIAN THỰC HIỆN ⏎ Từ ngày 01/9/2025 đến hết ngày 31/10/2025.": a
        plan's time section dates the plan's general directive, the directive sentence
        before it, where that one dates nothing of its own (ANNOTATION 4)."""
        marker = _SECTION_MARKER.match(self.low, heading.span.start, heading.span.end)
        start = marker.end() if marker else heading.span.start
        if not self.v.deadline_column.fullmatch(self.low, start, heading.span.end):
            return False
        text = sentence.text.strip()
        hits = [
            h
            for h in self.find(sentence.text, sentence.span.start)
            if h.deadline is not None and h.kind != "bare"
        ]
        if not hits or not _DATE_CELL.fullmatch(_cut_spans(text, sentence.span.start, hits)):
            return False
        if last is None:
            return True
        for index in range(len(found) - 1, -1, -1):
            if found[index].sentence is not last:
                break
            if self.dates_nothing(found[index]):
                found[index] = replace(found[index], scope_deadline=hits[-1])
        return True

    def time_line_ahead(self, sentence: Sentence) -> DeadlineHit | None:
        """ "Thời gian báo cáo: trước ngày 10/3/2025. Báo cáo gửi về …": a time line
        followed by a sentence of the same paragraph dates that sentence's work."""
        marker = self.v.list_marker.match(self.low, sentence.span.start, sentence.span.end)
        start = marker.end() if marker else sentence.span.start
        label = self.v.deadline_label.match(self.low, start, sentence.span.end)
        if label is None:
            return None
        hits = [
            h if h.kind != "bare" else replace(h, kind="period")
            for h in self.find(sentence.text, sentence.span.start)
            if h.span.start >= label.end() and h.deadline is not None
        ]
        return hits[-1] if hits else None

    def dates_nothing(self, d: Directive) -> bool:
        """Whether neither the directive's clause nor its scope gives it a time."""
        own = self.find(d.clause.text, d.clause.span.start)
        return d.scope_deadline is None and not any(h.kind in _FIRM_KINDS for h in own)

    def undated(self, found: list[Directive], last: Sentence | None) -> bool:
        """Whether the directives of ``last``, the latest sentence with any, include one
        a time line after it can date."""
        return any(
            self.dates_nothing(d)
            for d in reversed(found[-_UNDATED_LOOKBACK:])
            if last is not None and d.sentence is last
        )

    def date_undated(self, found: list[Directive], first: int, hit: DeadlineHit) -> None:
        """Give ``hit`` to the directives from ``first`` on whose clause dates nothing."""
        for index in range(first, len(found)):
            if self.dates_nothing(found[index]):
                found[index] = replace(found[index], scope_deadline=hit)

    def parent_deadline(self, level: int, found: list[Directive], hit: DeadlineHit) -> None:
        """Give ``hit`` to the directives of the nearest item above ``level`` that have
        no deadline of their own."""
        parent = next(
            (
                sentence
                for sentence, _ in reversed(self._read_sentences)
                if 0 < list_level(self.text, sentence.span) < level
            ),
            None,
        )
        if parent is None:
            return
        for index, d in enumerate(found):
            if d.sentence.span.start == parent.span.start and d.scope_deadline is None:
                found[index] = replace(d, scope_deadline=hit)

    def sibling_items(self, last: Sentence, line: Sentence) -> set[int]:
        """The sentence starts of the lettered items before ``last`` under the same
        numbered item, when a dashed or unmarked time line closes that item ("3. … a)
        Sở X chủ trì …; b) Các sở … - Thời gian hoàn thành: Quý IV năm 2024."): the
        time is the item's, so every sub-item takes it."""
        level = list_level(self.text, last.span)
        if level != _LETTER_LEVEL or list_level(self.text, line.span) in range(1, level + 1):
            return set()
        starts: set[int] = set()
        for sentence, _ in reversed(self._read_sentences):
            if sentence.span.start >= last.span.start:
                continue
            sentence_level = list_level(self.text, sentence.span)
            if 0 < sentence_level < level:
                break
            starts.add(sentence.span.start)
        return starts

    def is_description(self, sentence: Sentence) -> bool:
        """A sentence that reports what was done ("… đã tham gia ý kiến …").

        "được" alone is passive, common inside instructions ("nhiệm vụ được giao"); a
        past marker after a condition ("… nếu đã có dữ liệu") or in a sentence that
        also looks ahead ("sẽ", "phải") describes nothing done.
        """
        start, end = sentence.span.start, sentence.span.end
        condition = self.v.condition.search(self.low, start, end)
        limit = condition.start() if condition else end
        past = any(m.group() != "được" for m in self.v.past.finditer(self.low, start, limit))
        if not past:
            return False
        return not (
            self.v.future.search(self.low, start, end)
            or self.v.cue_after.search(self.low, start, end)
        )


def _day_of(lead: re.Match[str], issued: date) -> date | None:
    """The day a lead date names, in the document's year when it gives none."""
    year = int(lead.group("y")) if lead.group("y") else issued.year
    if year < 100:
        year += 2000
    try:
        return date(year, int(lead.group("m")), int(lead.group("d")))
    except ValueError:
        return None


def _after_colon(text: str, clause: Clause) -> bool:
    """A clause right after ":" starts afresh even in lower case ("Đối với X: kiểm tra …")."""
    at = clause.span.start  # (looked back from the clause, not by copying the text before)
    while at > 0 and text[at - 1].isspace():
        at -= 1
    return at > 0 and text[at - 1] == ":"


def find_directives(
    text: str,
    sentences: Sequence[Sentence],
    *,
    v: Vocabulary,
    find: DeadlineFinder,
    issued: date | None = None,
    assigning: bool = False,
) -> list[Directive]:
    """Every directive clause of the document, in order. ``assigning``: the document is
    of a kind whose body gives work (a plan, a notice of conclusions …): its list items
    are read as a passage of directives even where no cue opened one."""
    reader = _Reader(text, v, find, issued)
    reader.assigning = assigning
    return reader.read(sentences)


def deadline_finder(issued: date | None, text: str, year: int | None = None) -> DeadlineFinder:
    """Bind the deadline grammar to a document and its date.

    The grammar reads the whole document once; a fragment's hits are those that lie
    inside it (a marker, a context and both ends of a range stand next to their date,
    so no hit spans two sentences), in document offsets.
    """
    from tracker.extract.deadlines import find_deadlines, mask

    low = mask(lowered(text))
    hits = find_deadlines(text, issued=issued, masked=low, year=year)
    starts = [h.span.start for h in hits]
    cache: dict[tuple[int, int], tuple[DeadlineHit, ...]] = {}

    def find(fragment: str, offset: int) -> tuple[DeadlineHit, ...]:
        key = (offset, len(fragment))
        if key not in cache:
            end = offset + len(fragment)
            first = bisect.bisect_left(starts, offset)
            last = bisect.bisect_left(starts, end, first)
            cache[key] = tuple(h for h in hits[first:last] if h.span.end <= end)
        return cache[key]

    return find
