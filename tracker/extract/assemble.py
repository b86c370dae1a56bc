"""Assembly: directive clauses + deadlines + owners → task candidates.

One task per directive and deadline (ANNOTATION.md). The clauses of one sentence
that continue each other ("Đẩy mạnh …; vận động …; xây dựng …") make one task; a
clause with a deadline of its own closes its task, so in "Tham mưu … (xong trước
15/4/2018); đôn đốc …" the second clause is a task of its own, without that date.
A task with no deadline of its own takes the deadline of the heading it stands
under ("nhiệm vụ trọng tâm 3 tháng cuối năm 2018 …: …").

Imports ``extract.types``, ``extract.vocab``, ``extract.owners``, ``extract.segment``,
``extract.decide``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from tracker.extract.decide import DocumentShape, Features, features
from tracker.extract.owners import parse_owner_list, report_target
from tracker.extract.segment import heads_of_items, list_level
from tracker.extract.types import DeadlineHit, Directive, Sentence, Span, TaskCandidate
from tracker.extract.vocab import Vocabulary, lowered
from tracker.lang.normal import is_syllable

DeadlineFinder = Callable[[str, int], tuple[DeadlineHit, ...]]
_PRIORITY = {"by": 0, "range": 0, "period": 1, "recurring": 2, "relative": 3}
_TRAIL = " \t;:,.-–(…"
_MAX_ACTION = 300
# what closes a sentence of prose (a page's top has none)
_SENTENCE_STOPS = ".!?…"


@dataclass
class _Group:
    directives: list[Directive]
    hits: list[DeadlineHit]

    @property
    def first(self) -> Directive:
        return self.directives[0]

    @property
    def end(self) -> int:
        return self.directives[-1].clause.span.end


_LAST_WORD = re.compile(r"(\w+)\W*$")


def _cut_sentence(text: str, sentences: Sequence[Sentence]) -> int:
    """The start of the last sentence when the text stops in the middle of a word (no
    closing stop, and the last word is no Vietnamese syllable: "… đề xuất phương án hỗ
    tr"); else -1."""
    if not sentences:
        return -1
    last = sentences[-1]
    tail = text[last.span.start : last.span.end].rstrip()
    if not tail or not tail[-1].isalpha():
        return -1
    word = _LAST_WORD.search(tail)
    if word is None or not word.group(1).isalpha() or not word.group(1).islower():
        return -1  # (a name or an abbreviation, "… gửi UBND", ends no word early)
    return -1 if is_syllable(word.group(1)) else last.span.start


def _own_hits(d: Directive, find: DeadlineFinder, low: str, v: Vocabulary) -> list[DeadlineHit]:
    hits = [h for h in find(d.clause.text, d.clause.span.start) if h.kind != "bare"]
    purpose_end = _purpose_end(d, low, v)
    return [h for h in hits if h.span.start >= purpose_end] if purpose_end else hits


_PURPOSE_OPENING = re.compile(r"[\s\-–+•*]*(?:[0-9]{1,2}(?:\.[0-9]{1,2})*[.)]|[a-zđ][.)])?\s*")


def _purpose_end(d: Directive, low: str, v: Vocabulary) -> int:
    """Where a fronted purpose ends when the clause opens on one before its action
    ("Để hoàn thành việc thu thập số liệu trước ngày 20/6, UBND huyện yêu cầu …"): its
    date is the purpose's work, not the directive's (ANNOTATION 8); else 0."""
    opening = _PURPOSE_OPENING.match(low, d.clause.span.start, d.clause.span.end)
    start = opening.end() if opening else d.clause.span.start
    if not v.purpose_intro.match(low, start, d.clause.span.end):
        return 0
    comma = low.find(",", start, d.action.start)
    return comma + 1 if comma >= 0 else 0


def _same_owners(a: Directive, b: Directive) -> bool:
    return b.continuation or b.inherited or a.owners == b.owners


def group_directives(
    directives: Sequence[Directive], find: DeadlineFinder, low: str, v: Vocabulary
) -> list[_Group]:
    """Join the clauses of a sentence that make one task: while the task has no date
    yet, or when the clause dates it the same way, or elaborates it ("…; trong đó,
    chú trọng …"), with the same owners (ANNOTATION 3)."""
    groups: list[_Group] = []
    for d in directives:
        hits = _own_hits(d, find, low, v)
        last = groups[-1] if groups else None
        if (
            last is not None
            and last.first.sentence is d.sentence
            and _same_owners(last.directives[-1], d)
            and (
                not last.hits
                or (bool(_dates(hits)) and _dates(hits) == _dates(last.hits))
                or (not hits and v.elaboration.match(low, _skip_opening(low, d)) is not None)
            )
        ):
            last.directives.append(d)
            last.hits.extend(hits)
        else:
            groups.append(_Group([d], hits))
    return groups


def _dates(hits: Sequence[DeadlineHit]) -> set[tuple[object, object]]:
    return {(h.deadline, h.recurrence) for h in hits if _firm(h)}


def _skip_opening(low: str, d: Directive) -> int:
    """Where the clause's words start (after spaces and punctuation)."""
    pos = d.clause.span.start
    while pos < d.clause.span.end and not low[pos].isalnum():
        pos += 1
    return pos


def _firm(hit: DeadlineHit) -> bool:
    """A dated bound the text marks as one ("trước ngày 5/4", "từ … đến …", "trong tháng
    8 năm 2023"): each firm date of a clause is a task of its own (ANNOTATION 3)."""
    if hit.kind == "recurring":
        # "sáu tháng (trước ngày 5/5) và hàng năm (trước ngày 5/10)": each period with
        # its own day is a task of its own (its first day unknown without a document date)
        # "trước ngày 05/6 và 05/12 hằng năm": each day of the list too
        return hit.rule.endswith("+day") or hit.rule == "recur_dm_list"
    if hit.deadline is None:
        return False
    return hit.kind in ("by", "range") or (hit.kind == "period" and "+" in hit.rule)


def _deadlines(group: _Group) -> list[DeadlineHit | None]:
    """One entry per task: each distinct firm date, else the best other hit, else None."""
    distinct: dict[object, DeadlineHit] = {}
    hits = [h for h in group.hits if not _aside(group, h)] or group.hits
    for hit in hits:
        if _firm(hit):
            distinct.setdefault((hit.deadline, hit.recurrence), hit)
    if distinct:
        return list(distinct.values())
    others = sorted(hits, key=lambda h: (_PRIORITY.get(h.kind, 9), -h.span.start))
    if others:
        return [others[0]]
    return [group.first.scope_deadline]


def _aside(group: _Group, hit: DeadlineHit) -> bool:
    """Whether the hit stands inside a bracketed aside of its clause ("… theo quý
    (đối với các trường học, … trước ngày 05/3, 05/6, 05/11)"): the clause's own
    date comes first."""
    for d in group.directives:
        clause = d.clause
        if clause.span.start <= hit.span.start < clause.span.end:
            before = clause.text[: hit.span.start - clause.span.start]
            return before.count("(") > before.count(")")
    return False


def _clean(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in _TRAIL:
        end -= 1
    while start < end and text[start] in " \t,;:":
        start += 1
    return start, end


def _action_span(text: str, low: str, group: _Group, v: Vocabulary) -> Span:
    start = group.first.action.start
    end = group.end
    cuts = [h.span.start for h in group.hits if h.span.start > start]
    report = v.report_to.search(low, start + 1, end)
    if report and low[report.start() - 2 : report.start()].strip() == ",":
        cuts.append(report.start())
    done = v.done_clause.search(low, start, end)
    if done:
        cuts.append(done.start())
    if cuts:
        end = min(cuts)
    start, end = _clean(text, start, end)
    return Span(start, min(end, start + _MAX_ACTION))


def _report_to(text: str, low: str, group: _Group, v: Vocabulary) -> str | None:
    start, end = group.first.action.start, group.end
    delegating = v.delegating.match(low, start, end)
    if delegating and parse_owner_list(text, low, delegating.end(), end, v)[0]:
        return None
    target = report_target(text, low, start, end, v)
    return target.slice(text) if target else None


def _sentence_span(text: str, group: _Group, first_of_sentence: bool) -> Span:
    start = group.first.sentence.span.start if first_of_sentence else group.first.clause.span.start
    end = group.end
    while end > start and text[end - 1] in " \t;:,":
        end -= 1
    return Span(start, end)


def _confidence(group: _Group, hit: DeadlineHit | None) -> float:
    base = group.first.confidence
    if not group.first.owners:
        base *= 0.75
    if hit is not None and hit.deadline is not None:
        base += 0.05
    return round(max(0.05, min(base, 0.99)), 2)


def assemble(
    text: str,
    directives: Sequence[Directive],
    *,
    v: Vocabulary,
    find: DeadlineFinder,
    doc: DocumentShape,
    sentences: Sequence[Sentence] = (),
) -> list[tuple[TaskCandidate, Features]]:
    """Task candidates for the directives of one document, in text order, each with
    the features the decision step weighs. ``sentences`` (the whole document) shows
    which list items are headings over items of their own that hold work; a heading
    is no task (ANNOTATION 2)."""
    low = lowered(text)
    heads = heads_of_items(text, sentences, {d.sentence.span.start for d in directives})
    cut = _cut_sentence(text, sentences)
    page_top = 0 if doc.formal else _page_top(text, sentences)
    tasks: list[tuple[TaskCandidate, Features]] = []
    seen_sentences: set[int] = set()
    sentence_features: dict[int, Features] = {}
    for group in group_directives(directives, find, low, v):
        sentence_start = group.first.sentence.span.start
        if sentence_start in heads:
            continue  # a heading over items that hold the work: the items are the tasks
        if sentence_start < page_top:
            continue  # a web page's headline: it sums the article up (ANNOTATION 2)
        if sentence_start == cut:
            continue  # the text stops in the middle of a word here (ANNOTATION 15)
        first_of_sentence = sentence_start not in seen_sentences
        seen_sentences.add(sentence_start)
        sentence = _sentence_span(text, group, first_of_sentence)
        action = _action_span(text, low, group, v)
        owners = tuple(dict.fromkeys(s.slice(text) for s in group.first.owners))
        supports = tuple(dict.fromkeys(s.slice(text) for s in group.first.supports))
        report_to = _report_to(text, low, group, v)
        if report_to and group.first.inherited and len(owners) > 1:
            # the addressees of "Kính gửi: - các xã; - Phòng Nội vụ" own "Báo cáo gửi về
            # Phòng Nội vụ trước …" but the one that receives the report
            owners = tuple(o for o in owners if o != report_to) or owners
        closing = v.generic_work.fullmatch(low, action.start, action.end) is not None
        for hit in _deadlines(group):
            if not owners and hit is None:
                # addressed to no unit and dated by nothing: neither a directive nor a
                # work item of a plan (ANNOTATION 1)
                continue
            if closing and (hit is None or hit.deadline is None):
                # "Yêu cầu các đơn vị nghiêm túc triển khai thực hiện./.": a closing
                # formula names no work of its own (ANNOTATION 22)
                continue
            rule = group.first.rule + (f"+{hit.rule}" if hit is not None else "")
            candidate = TaskCandidate(
                sentence=sentence.slice(text),
                span=sentence,
                action=action.slice(text),
                owners=owners,
                deadline=hit.deadline if hit is not None else None,
                deadline_text=hit.text if hit is not None else None,
                recurrence=hit.recurrence if hit is not None else None,
                report_to=report_to,
                confidence=_confidence(group, hit),
                rule=rule,
                supports=supports,
            )
            feats = features(text, low, tuple(group.directives), hit, doc, v, sentence_features)
            merged = _with_directive_before(text, low, tasks, group, candidate, v)
            if merged is not None:
                tasks[-1] = (merged, feats)
                continue
            tasks.append((candidate, feats))
    return tasks


def _page_top(text: str, sentences: Sequence[Sentence]) -> int:
    """Where a web page's first sentence of prose or first list item starts: the lines
    before it without a closing stop (breadcrumbs, the date, the headline) are the
    page's top."""
    for sentence in sentences:
        if sentence.text.rstrip().rstrip('"”)')[-1:] in _SENTENCE_STOPS:
            return sentence.span.start
        if list_level(text, sentence.span):
            return sentence.span.start
    return 0


def _with_directive_before(
    text: str,
    low: str,
    tasks: list[tuple[TaskCandidate, Features]],
    group: _Group,
    candidate: TaskCandidate,
    v: Vocabulary,
) -> TaskCandidate | None:
    """ "Đề nghị các đơn vị báo cáo số lượng cán bộ … . Báo cáo gửi về Sở Nội vụ trước
    ngày 31/10/2025.": a sentence that only dates the product of the directive just
    before it makes one task with it, both sentences its own (ANNOTATION 4)."""
    if not tasks or candidate.deadline is None or not group.first.inherited:
        return None
    before = tasks[-1][0]
    if before.deadline is not None or before.owners != candidate.owners:
        return None
    if text[before.span.end : candidate.span.start].strip():
        return None  # not the sentence right after
    opening = group.first.clause.span.start
    while opening < candidate.span.end and low[opening] in " \t-–+•*":
        opening += 1
    if v.work_product.match(low, opening, candidate.span.end) is None:
        return None
    span = Span(before.span.start, candidate.span.end)
    return replace(candidate, span=span, sentence=span.slice(text), action=before.action)


_WORD = re.compile(r"\w+")
# A sentence that repeats another almost word for word (a news page's headline or its
# teaser "more(…) – …" after the article) restates that task (ANNOTATION 2).
_RESTATED_SHARE = 0.9
_RESTATED_WORDS = 8
# a teaser stands in the last part of the page; alike sentences in the body (the same
# calendar for two school levels) are tasks each
_TEASER_SHARE = 0.75


def drop_restatements(text: str, tasks: Sequence[TaskCandidate]) -> list[TaskCandidate]:
    """The tasks without those whose sentence restates the sentence of another task in
    another paragraph: the headline (the first line of the text), or a teaser in the
    last quarter of the text."""
    first_line = _first_line(text)
    teaser_start = len(text) * _TEASER_SHARE
    words: dict[int, frozenset[str]] = {}

    def words_of(k: int) -> frozenset[str]:
        if k not in words:
            words[k] = frozenset(_WORD.findall(tasks[k].sentence.lower()))
        return words[k]

    def restates(i: int, j: int) -> bool:
        a, b = tasks[i], tasks[j]
        if a.span == b.span or text.find("\n", a.span.end, b.span.start) < 0:
            return False  # the same paragraph: items of a list may look alike
        wa, wb = words_of(i), words_of(j)
        small, large = sorted((len(wa), len(wb)))
        if small < _RESTATED_WORDS or small < large * _RESTATED_SHARE:
            return False  # (the share of shared words is at most small / large)
        shared = len(wa & wb)
        if shared / (len(wa) + len(wb) - shared) < _RESTATED_SHARE:
            return False
        # a restatement repeats the figures too; the same calendar for another school
        # level ("… 16 tuần …; … vào 17-5-2014") is one of its own
        return {w for w in wa if w.isdigit()} == {w for w in wb if w.isdigit()}

    dropped: set[int] = set()
    for i, task in enumerate(tasks):
        if task.span.start < first_line and any(restates(i, j) for j in range(i + 1, len(tasks))):
            dropped.add(i)  # the headline
        elif task.span.start >= teaser_start and any(
            k not in dropped and restates(k, i) for k in range(i)
        ):
            dropped.add(i)  # a teaser after the article
    return [t for k, t in enumerate(tasks) if k not in dropped]


def _first_line(text: str) -> int:
    """Where the text's first non-empty line ends."""
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    return len(text) if end < 0 else end
