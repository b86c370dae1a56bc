"""Owners: the noun phrases that name units and office holders, and report-to.

A small chunker over the lowered text (same offsets as the original):

    owner list := item ("," item | "và" item)*
    item       := quantifier? head tail
    tail       depends on the head's shape (unit_kinds.toml):
      named    proper nouns and place words: "Phòng Tài chính - Kế hoạch", "UBND huyện"
      purpose  may hold one verb phrase up to a place word: "Ban chỉ đạo xây dựng
               cơ sở huyện", "Ban xây dựng cơ sở xã"
      kind     place words and names: "các xã", "xã Xuân Lam"
      title    descriptors and nested heads: "cán bộ phụ trách chuyên môn",
               "các đồng chí trong Ban chỉ đạo …"
Bare kind items that follow a group ("các xã, thị trấn") are kept together as
written (ANNOTATION.md: lists kept as written).

Imports ``extract.types`` and ``extract.vocab``.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from tracker.extract.types import Span
from tracker.extract.vocab import Vocabulary

_TOKEN = re.compile(r"[\w/&]+(?:[.\-][\w&]+)*")
_STOP_CHARS = ',;:.()[]"“”!?…'
_MAX_TAIL = 14
# Proper names capitalise only their first syllable ("Sở Giao thông vận tải", "Trung
# tâm Kiểm soát bệnh tật"): lower-case syllables may follow a capitalised one until a
# verb, a cue or a stop word ends the name.
_MAX_LOWER_RUN = 4


class Item(NamedTuple):
    """One owner noun phrase: its span, head shape and whether it has a tail.

    (A named tuple: cheaper to make than a frozen dataclass, several per list read.)
    """

    span: Span
    shape: str
    bare: bool
    quantified: bool = False
    kind_head: bool = False


_SPACE = re.compile(r"\s*")
_KIND_TAIL = 3


def _skip_space(low: str, pos: int, end: int) -> int:
    # the common cases without a regex call: no space, or one space before a word
    if pos < end and pos < len(low):
        if not low[pos].isspace():
            return pos
        if low[pos] == " " and pos + 1 < end and pos + 1 < len(low) and not low[pos + 1].isspace():
            return pos + 1
    return _SPACE.match(low, pos, max(pos, end)).end()  # type: ignore[union-attr]


def _stops_name(low: str, pos: int, end: int, v: Vocabulary) -> bool:
    """A word that can never continue a unit's name (a cue or a strong verb); a phrase
    that only holds a cue word ("giao thông", "chỉ đạo của") does not stop it."""
    if v.name_stop.match(low, pos, end) is None:
        return False  # (the common case: looked at first)
    if v.not_directive.match(low, pos, end):
        return False
    before = low.rfind(" ", 0, max(0, pos - 1)) + 1
    joined = v.not_directive.match(low, before, end)
    return joined is None or joined.end() <= pos  # "ngoại giao": the cue word ends a noun


def _head_across(low: str, pos: int, end: int, v: Vocabulary) -> bool:
    """Whether the word before ``pos`` and the word at it make a unit's head ("Ngân
    hàng" in "Chi nhánh Ngân hàng Chính sách …": "hàng" alone ends a name)."""
    before = low.rfind(" ", 0, max(0, pos - 1)) + 1
    head = v.head_at(low, before, end)
    return head is not None and head.end() > pos


def _accept_token(
    orig: str, low: str, pos: int, end: int, shape: str, state: dict[str, int], v: Vocabulary
) -> int | None:
    """End of the token at ``pos`` if it continues the current name, else None.

    Proper names capitalise the first syllable of a word or of the whole name
    ("Phòng Nội vụ", "Sở Giao thông vận tải"), so a few lower-case syllables may
    follow a capitalised one; a verb among them is the action ("Phòng Tài chính thẩm
    định …").
    """
    token = _TOKEN.match(low, pos, end)
    if token is None:
        # "Phòng Tài chính - Kế hoạch", "Công chức Văn hóa - Xã hội": a dash joins
        # two capitalised parts of one name
        # ("Đồng chí A – Chủ tịch UBND huyện" is an apposition: a head follows)
        titled = shape == "title" and state.get("proper")
        if low[pos] in "-–" and (shape in ("named", "purpose") or titled):
            nxt = _skip_space(low, pos + 1, end)
            if nxt >= end or not orig[nxt].isupper():
                return None
            if titled and v.head_at(low, nxt, end) is not None:
                return None
            return pos + 1
        return None
    loc = v.location.match(low, pos, end)
    if loc:
        state["place"] = 1
        return loc.end()
    text = orig[pos : token.end()]
    if text[:1].isupper() or text[:1].isdigit():
        state["proper"] = 1
        state["lower_run"] = 0
        return token.end()
    if token.group() == "và":
        # "Phòng Tài nguyên và Môi trường" is one name; "Phòng Y tế và Phòng Giáo
        # dục" are two units (a head after "và" starts the next one).
        nxt = _skip_space(low, token.end(), end)
        if nxt < end and orig[nxt].isupper() and v.head_at(low, nxt, end) is None:
            return token.end()
        return None
    before = low.rfind(" ", 0, max(0, pos - 1)) + 1
    joined = v.not_directive.match(low, before, end)
    if joined is not None and joined.end() > pos and state.get("proper"):
        # "Bộ Ngoại giao", "Trung tâm Chuyển giao công nghệ": the word before and this
        # one make a noun that only holds a cue word
        state["lower_run"] = state.get("lower_run", 0) + 1
        return joined.end()
    phrase = v.not_directive.match(low, pos, end)
    if phrase and state.get("proper") and state.get("lower_run", 0) < _MAX_LOWER_RUN:
        # "giao thông" is one word: its second syllable begins no verb ("… An toàn giao
        # thông báo cáo …" reads "giao thông | báo cáo", not "giao | thông báo")
        state["lower_run"] = state.get("lower_run", 0) + 1
        return phrase.end()
    verb = v.action.match(low, pos, end)
    if verb:
        if shape == "purpose" and not state.get("verb") and not state.get("proper"):
            state["verb"] = 1
            return verb.end()
        return None
    if state.get("proper") and state.get("lower_run", 0) < _MAX_LOWER_RUN:
        state["lower_run"] = state.get("lower_run", 0) + 1
        return token.end()
    if shape in ("purpose", "title") and not state.get("proper"):
        return token.end()
    if shape == "kind" and not state.get("proper") and state.get("kind_tail", 0) < _KIND_TAIL:
        # "các trường nghề", "các xã vùng cao": a kind narrowed by a word or two
        state["kind_tail"] = state.get("kind_tail", 0) + 1
        return token.end()
    return None


def parse_item(
    orig: str, low: str, pos: int, end: int, v: Vocabulary, listed: bool = False
) -> Item | None:
    """One owner noun phrase starting at ``pos`` (after spaces), or None. ``listed``:
    the phrase is the next of a list ("các phòng, ban …")."""
    start = _skip_space(low, pos, end)
    pos = start
    quantified = v.quantifier.match(low, pos, end)
    while quantified:  # "tất cả các sở, ngành"
        pos = _skip_space(low, quantified.end(), end)
        more = v.quantifier.match(low, pos, end)
        if more is None:
            break
        quantified = more
    head = v.head_at(low, pos, end)
    if head is None:
        return None
    shape = v.shape_of(head.group())
    if shape == "purpose" and (quantified or listed) and orig[pos].islower():
        # "các ban", "các phòng, ban báo cáo …": a kind, whose verb is its action, not
        # the purpose in a board's name ("Ban xây dựng cơ sở xã")
        shape = "kind"
    item_end = head.end()
    state: dict[str, int] = {}
    tokens = 0
    while tokens < _MAX_TAIL:
        nxt = _skip_space(low, item_end, end)
        if nxt >= end or low[nxt] in _STOP_CHARS:
            break
        compound = v.comma_word.match(low, nxt, end)
        if compound is not None:  # "Ban Chỉ huy phòng, chống thiên tai …"
            item_end = compound.end()
            tokens += 1
            continue
        inner = (
            _inner_head(orig, low, start, nxt, end, True, shape, v)
            if shape == "named" and item_end == head.end()
            else None
        )
        if inner is not None:
            item_end, shape = inner
            state = {}
            tokens += 1
            continue
        linked = _nested_head(low, nxt, end, shape, v)
        if linked is not None:
            item_end, shape = linked[0], linked[1]
            state = {}
            tokens += 1
            continue
        if orig[nxt].isupper() and not _all_caps(orig, start, nxt):
            # a capitalised word continues the name even when it is also a verb
            # ("Bộ Giao thông vận tải", "Trung tâm Kiểm soát bệnh tật")
            accepted = _accept_token(orig, low, nxt, end, shape, state, v)
            if accepted is not None:
                item_end = accepted
                tokens += 1
                continue
        if _stops_name(low, nxt, end, v):
            break
        if (
            v.tail_stop.match(low, nxt, end)
            and not v.location.match(low, nxt, end)
            and not _head_across(low, nxt, end, v)
        ):
            break  # "có" ends a name, "có liên quan" closes one
        if shape == "purpose" and state.get("place") and v.action.match(low, nxt, end):
            break
        accepted = _accept_token(orig, low, nxt, end, shape, state, v)
        if accepted is None:
            break
        item_end = accepted
        tokens += 1
    head_word = " ".join(head.group().split())
    bare = (
        item_end == head.end() and quantified is None and (shape == "kind" or head_word in v.kinds)
    )
    return Item(
        Span(start, item_end),
        shape,
        bare=bare,
        quantified=quantified is not None,
        kind_head=head_word in v.kinds,
    )


def _inner_head(
    orig: str, low: str, start: int, pos: int, end: int, at_head: bool, shape: str, v: Vocabulary
) -> tuple[int, str] | None:
    """A lower-case committee head followed at once by the body it belongs to ("ban
    chấp hành hội nông dân các cấp", "ban thường vụ đảng ủy xã"): one name."""
    if not (at_head and shape == "named" and orig[start].islower() and orig[pos].islower()):
        return None
    if v.location.match(low, pos, end):
        return None
    inner = v.head_at(low, pos, end)
    if inner is None or v.shape_of(inner.group()) == "kind":
        return None
    return inner.end(), v.shape_of(inner.group())


def _all_caps(orig: str, start: int, end: int) -> bool:
    """Whether the text so far is written in capitals (a title line: every word is)."""
    letters = 0
    for c in orig[start:end]:
        if c.isalpha():
            if not c.isupper():
                return False  # (most names: the second letter already)
            letters += 1
    return letters > 3


def _nested_head(low: str, pos: int, end: int, shape: str, v: Vocabulary) -> tuple[int, str] | None:
    """A head inside a name ("Chủ tịch UBND …", "các đồng chí trong Ban …")."""
    p = pos
    linker = v.linker.match(low, p, end)
    if linker is not None:
        p = _skip_space(low, linker.end(), end)
    quantified = v.quantifier.match(low, p, end)
    if quantified:
        p = _skip_space(low, quantified.end(), end)
    linked = p != pos
    if not linked and shape not in ("title", "kind"):
        # Right after a unit's name, a head word is part of that name: a place
        # ("UBND huyện") or a proper word ("Ban Quản lý chợ Trung tâm"). Only an
        # office holder or a kind takes a unit after it ("Chủ tịch UBND các xã",
        # "Cơ quan đơn vị").
        return None
    head = v.head_at(low, p, end)
    if head is None:
        return None
    return head.end(), v.shape_of(head.group())


def parse_owner_list(
    orig: str, low: str, pos: int, end: int, v: Vocabulary
) -> tuple[list[Span], int]:
    """Owner noun phrases from ``pos``; returns their spans and where the list ends."""
    items: list[Item] = []
    item = parse_item(orig, low, pos, end, v)
    while item is not None:
        named_end = _place_names_end(orig, low, item.span, end, v)
        if named_end == item.span.end and item.shape == "named":
            named_end = _domains_end(orig, low, item.span, end, v)
        if named_end != item.span.end:
            item = item._replace(span=Span(item.span.start, named_end))
        items.append(item)
        pos = item.span.end
        nxt = _skip_space(low, pos, end)
        # the next item, when the list goes on (parsed once: it is the next turn's)
        if nxt < end and low[nxt] == ",":
            after = _skip_space(low, nxt + 1, end)
            starts_unit = v.head_at(low, after, end) or v.quantifier.match(low, after, end)
            if starts_unit and (item := parse_item(orig, low, after, end, v, True)) is not None:
                pos = after
                continue
        if low.startswith("và ", nxt) and (item := parse_item(orig, low, nxt + 3, end, v, True)):
            pos = nxt + 3
            continue
        if nxt < end and low[nxt] == "(":
            # "Cấp xã (UBND các xã, thị trấn) tổ chức …": the units a level or an
            # anaphor stands for, in brackets, are owners too (ANNOTATION 5)
            inner, inner_end = parse_owner_list(orig, low, nxt + 1, end, v)
            close = _skip_space(low, inner_end, end)
            if inner and close < end and low[close] == ")":
                merged = _merge_groups(items, low, v, orig)
                return merged + inner, close + 1
        if nxt < end and low[nxt] == ":" and items:
            # "UBND các tỉnh, thành phố: Hà Nội, Hưng Yên", "Các Bộ: Kế hoạch và Đầu
            # tư, Tài chính": a plural head and the names of its units are one owner
            merged = _merge_groups(items, low, v, orig)
            names_end = _names_end(orig, low, nxt + 1, end, v)
            if names_end > nxt + 1 and v.quantifier.search(low, merged[-1].start, nxt):
                return [*merged[:-1], Span(merged[-1].start, names_end)], names_end
        break
    return _merge_groups(items, low, v, orig), (items[-1].span.end if items else pos)


def _names_end(orig: str, low: str, pos: int, end: int, v: Vocabulary) -> int:
    """The end of a list of names at ``pos`` (capitalised fields joined by "," or "và",
    at least two), or ``pos`` when there is none."""
    last, count = pos, 0
    start = _skip_space(low, pos, end)
    while True:
        field = _field_end(orig, low, start, end, v)
        if field == start:
            break
        last, count = field, count + 1
        following = _next_in_list(low, field, end)
        if following is None:
            break
        start = following
    return last if count >= _MIN_NAMES else pos


def _next_in_list(low: str, pos: int, end: int) -> int | None:
    """Where the next element of a list starts after ``pos`` (past "," or "và"), or
    None when the list ends there."""
    nxt = _skip_space(low, pos, end)
    if nxt < end and low[nxt] == ",":
        return _skip_space(low, nxt + 1, end)
    if low.startswith("và ", nxt):
        return _skip_space(low, nxt + 3, end)
    return None


_PROPER_WORD = re.compile(r"\w+")
# a list of names after a plural head's colon has at least this many
_MIN_NAMES = 2
_MAX_NAME_WORDS = 4


def _place_names_end(orig: str, low: str, span: Span, end: int, v: Vocabulary) -> int:
    """Where a unit named by places ends. After a kind of place in the plural and its
    first name, further names (capitalised words that start no unit) listed with ","
    or "và" belong to it: "UBND các tỉnh Quảng Ngãi, Bình Định và Phú Yên" is one
    owner."""
    nxt = _skip_space(low, span.end, end)
    if nxt >= end or (low[nxt] != "," and not low.startswith("và ", nxt)):
        return span.end  # (most owners: no list of names follows)
    words = list(_PROPER_WORD.finditer(low, span.start, span.end))
    first = len(words)
    while first > 0 and orig[words[first - 1].start()].isupper():
        first -= 1
    if first in (0, len(words)) or not _ends_with_kind(
        low, Span(span.start, words[first - 1].end()), v
    ):
        return span.end
    kind_start = words[first - 1].start()
    plural = any(
        v.quantifier.match(low, w.start(), kind_start) for w in words[max(0, first - 3) : first - 1]
    )
    if not plural:
        # after one place ("huyện Lý Nhân, Hà Nam") a comma adds the province it lies in
        return span.end
    last = pos = span.end
    while True:
        following = _next_in_list(low, pos, end)
        if following is None:
            return last
        start = following
        if start >= end or not orig[start].isupper() or v.head_at(low, start, end) is not None:
            return last
        p, count = start, 0
        while count < _MAX_NAME_WORDS and p < end and orig[p].isupper():
            word = _PROPER_WORD.match(low, p, end)
            if word is None:
                break
            p, count = word.end(), count + 1
            q = _skip_space(low, p, end)
            if q < end and orig[q].isupper():
                p = q
        if count == 0:
            return last
        last = pos = p


def _field_end(orig: str, low: str, pos: int, end: int, v: Vocabulary) -> int:
    """The end of a field of an office's name or of a place's name at ``pos`` ("Thể
    thao", "Du lịch", "Hưng Yên"): a capitalised syllable that starts no unit, and the
    few syllables of its word after it, up to a comma, "và", a unit, a verb or a cue;
    ``pos`` when there is none."""
    if pos >= end or not orig[pos].isupper() or v.head_at(low, pos, end) is not None:
        return pos
    word = _PROPER_WORD.match(low, pos, end)
    if word is None:
        return pos
    p = word.end()
    for _ in range(_MAX_LOWER_RUN - 1):
        q = _skip_space(low, p, end)
        if q >= end or not low[q].isalpha() or low.startswith("và ", q):
            break
        if orig[q].isupper() and v.head_at(low, q, end) is not None:
            break  # the next unit
        if v.action.match(low, q, end) or v.cue_before.match(low, q, end):
            break
        if v.cue_after.match(low, q, end) or v.adjunct.match(low, q, end):
            break
        if v.tail_stop.match(low, q, end) or v.preposition.match(low, q, end):
            break
        nxt = _PROPER_WORD.match(low, q, end)
        if nxt is None:
            break
        p = nxt.end()
    return p


def _domains_end(orig: str, low: str, span: Span, end: int, v: Vocabulary) -> int:
    """Where an office's name that lists its fields ends: "Sở Văn hóa, Thể thao và Du
    lịch", "Bộ Văn hóa, Thể thao và Du lịch" — capitalised fields after commas, the
    last after "và", none of them a unit — is one owner."""
    if not orig[span.start].isupper() or not orig[span.end - 1].isalpha():
        return span.end
    pos = span.end
    while True:
        nxt = _skip_space(low, pos, end)
        if nxt < end and low[nxt] == ",":
            field_end = _field_end(orig, low, _skip_space(low, nxt + 1, end), end, v)
            if field_end == _skip_space(low, nxt + 1, end):
                return span.end
            pos = field_end
            continue
        if pos > span.end and low.startswith("và ", nxt):
            last = _field_end(orig, low, _skip_space(low, nxt + 3, end), end, v)
            if last > nxt + 3:
                return last
        return span.end


def _merge_groups(items: list[Item], low: str, v: Vocabulary, orig: str = "") -> list[Span]:
    """Keep "các xã, thị trấn", "UBND các xã, thị trấn" and "các sở, ban, ngành, đoàn
    thể cấp tỉnh" as one owner each, as written: kinds listed after "các" share it."""
    merged: list[Span] = []
    grouped = False  # the last owner opened with a quantifier ("các …")
    for item in items:
        # a capitalised item starts an owner of its own ("…, Cơ quan đơn vị")
        lower = not orig[item.span.start : item.span.start + 1].isupper()
        kind = item.kind_head and not item.quantified and lower
        joins = bool(merged) and (item.bare or kind) and _ends_with_kind(low, merged[-1], v)
        if merged and (joins or (grouped and kind)):
            merged[-1] = Span(merged[-1].start, item.span.end)
            continue
        merged.append(item.span)
        grouped = item.quantified  # "các bộ, ngành": a kind, whatever its head
    return merged


def _ends_with_kind(low: str, span: Span, v: Vocabulary) -> bool:
    """Whether the owner's words end with a kind ("các xã", "UBND các xã"): its
    endings at each word looked up, not every kind compared with the end."""
    text = " ".join(low[span.start : span.end].replace(",", " ").split())
    if text in v.kinds:
        return True
    space = text.find(" ")
    while space >= 0:
        if text[space + 1 :] in v.kinds:
            return True
        space = text.find(" ", space + 1)
    return False


def report_target(orig: str, low: str, start: int, end: int, v: Vocabulary) -> Span | None:
    """The unit after a report cue ("gửi về Công an huyện", "báo cáo Thường trực …").

    After a report verb, "về/lên/cho X" later in the clause names the recipient too
    ("báo cáo tình hình về Hạt Kiểm lâm").
    """
    for cue in v.report_to.finditer(low, start, end):
        spans, _ = parse_owner_list(orig, low, cue.end(), end, v)
        if not spans:
            for towards in v.towards.finditer(low, cue.end(), end):
                spans, _ = parse_owner_list(orig, low, towards.end(), end, v)
                if spans:
                    break
        if spans:
            first = spans[0]
            return Span(first.start, _cut_at_copula(low, first))
    return None


def _cut_at_copula(low: str, span: Span) -> int:
    """ "Công an huyện là Cơ quan Thường trực" → the unit ends before "là"."""
    found = low.find(" là ", span.start, span.end)
    return found if found != -1 else span.end
