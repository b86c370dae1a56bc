"""The decision step: is a task candidate a task, and how sure are we?

The earlier stages propose candidates generously (every directive clause, every
clause that dates work ahead). Here each candidate is described by a small set of
general features — which rule proposed it, whether it names its owners, what kind of
deadline it has and where that lies against the document date, past or future
markers, report language, the shape of its sentence — and a logistic model gives the
probability that it is a task of the gold conventions (ANNOTATION.md).

The model is data (``decision.json`` beside this module): weights learned by
``bench/train_decision.py`` from the tune part of the dev corpus only, so the check
part stays a fair measure. Candidates under the model's ``keep`` threshold are
dropped; the probability of the others is their ``confidence``, which the review
queue compares with ``review.confidence_threshold``.

Imports ``extract.types`` and ``extract.vocab``.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from importlib import resources

from tracker.extract.types import DeadlineHit, Directive, Sentence, Span
from tracker.extract.vocab import Vocabulary

Features = dict[str, float]

# (the first digit outside the alternatives, so the engine skips to digits:
# "\d+(?:[.,]\d+)*\s*%|\d{2,}(?:[.,]\d+)*")
_DIGITS = re.compile(r"\d(?:\d*(?:[.,]\d+)*\s*%|\d+(?:[.,]\d+)*)")
_QUOTE = re.compile(r"[\"“”]")
_CAPS_WORDS = 4
_FAR_YEARS = 3
_LONG_WORDS = 45
_SHORT_WORDS = 6
# A line of its own in a news page, short and not a list item: a photo caption
# ("Lực lượng chức năng kiểm tra hàng hóa tại cửa khẩu.") rather than a directive.
_CAPTION_WORDS = 14
_LIST_ITEM = re.compile(r"\s*(?:[-+•*–]|\d+[.)]|[a-zđ][.)])", re.IGNORECASE)
_TITLE_WORDS = 25
# how far before a deadline a verb that closes work ("hoàn thành", "kết thúc") is read
_COMPLETION_REACH = 40


@dataclass(frozen=True)
class Model:
    """Weights of the logistic model and the probability under which a candidate goes."""

    bias: float
    weights: Mapping[str, float]
    keep: float

    def probability(self, features: Features) -> float:
        """The model's probability that the candidate is a task."""
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@functools.cache
def model() -> Model:
    """The shipped model (read once)."""
    raw = json.loads(resources.files(__package__).joinpath("decision.json").read_text("utf-8"))
    return Model(float(raw["bias"]), dict(raw["weights"]), float(raw["keep"]))


@dataclass(frozen=True)
class DocumentShape:
    """What the decision needs to know of the whole document."""

    issued: date | None
    formal: bool  # an official document (signing line, số/ký hiệu), not a news page


def _family(rule: str) -> str:
    head = rule.split("+", 1)[0]
    return head.split(":", 1)[0]


def features(
    text: str,
    low: str,
    directives: tuple[Directive, ...],
    hit: DeadlineHit | None,
    doc: DocumentShape,
    v: Vocabulary,
    sentences: dict[int, Features] | None = None,
) -> Features:
    """The features of one candidate: its directives (clauses) and chosen deadline.

    ``sentences`` caches what belongs to a whole sentence (several candidates share
    one) for the document at hand.
    """
    first = directives[0]
    sentence = first.sentence
    c_low = low[first.clause.span.start : directives[-1].clause.span.end]
    cache = {} if sentences is None else sentences
    if sentence.span.start not in cache:
        cache[sentence.span.start] = _sentence_features(text, low, sentence, doc, v)
    f: Features = dict(cache[sentence.span.start])
    family = _family(first.rule)
    f[f"rule:{family}"] = 1.0
    if "unknown_owner" in first.rule:
        f["rule:unknown_owner"] = 1.0
    if "+fronted" in first.rule:
        f["rule:fronted"] = 1.0
    if first.continuation:
        f["continuation"] = 1.0
    if not first.owners:
        owners = "none"
    elif first.inherited:
        owners = "inherited"
    else:
        owners = "explicit"
    f[f"owners:{owners}"] = 1.0
    # the rules are not equally sure with and without named owners or a deadline
    deadline = "none" if hit is None else hit.kind
    f[f"{family}&owners:{owners}"] = 1.0
    f[f"{family}&deadline:{deadline}"] = 1.0
    if first.owners:
        f[f"owner_shape:{_owner_shape(low, first.owners[0], v)}"] = 1.0
    f["owners:count"] = min(len(first.owners), 3) / 3
    if first.supports:
        f["supports"] = 1.0
    _deadline_features(f, hit, doc)
    if _action_first(low, first, v):
        f["action_first"] = 1.0
        f[f"{family}&action_first"] = 1.0
    if hit is not None and v.completion.search(
        low, max(0, hit.span.start - _COMPLETION_REACH), hit.span.start
    ):
        f["deadline:completes"] = 1.0  # "hoàn thành chương trình năm học vào 23/5"
    _clause_features(f, c_low, v)
    return f


def _sentence_features(
    text: str, low: str, sentence: Sentence, doc: DocumentShape, v: Vocabulary
) -> Features:
    f: Features = {}
    _marker_features(f, low[sentence.span.start : sentence.span.end], v)
    _shape_features(f, text, sentence.span.start, sentence.span.end)
    if sentence.paragraph <= 1:
        f["paragraph:first"] = 1.0
    if v.lead_date.match(low, sentence.span.start, sentence.span.end):
        f["lead_date"] = 1.0
    if doc.formal:
        f["doc:formal"] = 1.0
    elif _caption_like(text, low, sentence.span.start, sentence.span.end, v):
        f["caption_like"] = 1.0
    return f


def _caption_like(text: str, low: str, start: int, end: int, v: Vocabulary) -> bool:
    """A line that credits a photo, or a short line of its own that is no list item
    (news: a photo's caption)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if v.caption.search(low, line_start, line_end):
        return True
    if text[line_start:start].strip() or text[end:line_end].strip():
        return False
    if _LIST_ITEM.match(text, line_start):
        return False
    return len(text[start:end].split(maxsplit=_CAPTION_WORDS)) <= _CAPTION_WORDS


def _action_first(low: str, d: Directive, v: Vocabulary) -> bool:
    """Whether the clause opens on its action, past a list marker or a leading day
    ("- Hoàn chỉnh dự thảo …", "Ngày 12/7 hoàn chỉnh …"): the form of a plan's item."""
    before = low[d.clause.span.start : d.action.start]
    words = [w for w in v.lead_noise.sub(" ", before).split() if w]
    return not words


def _owner_shape(low: str, owner: Span, v: Vocabulary) -> str:
    """How the first owner is written: a named unit, a kind ("các xã"), an office
    holder, or a name with no head word."""
    pos = owner.start
    quantified = v.quantifier.match(low, pos, owner.end)
    if quantified:
        pos = quantified.end()
        while pos < owner.end and low[pos] == " ":
            pos += 1
    head = v.head.match(low, pos, owner.end)
    return v.shape_of(head.group()) if head else "name"


def _deadline_features(f: Features, hit: DeadlineHit | None, doc: DocumentShape) -> None:
    if hit is None:
        f["deadline:none"] = 1.0
        return
    f[f"deadline:{hit.kind}"] = 1.0
    if hit.deadline is None:
        f["deadline:undated"] = 1.0
    elif doc.issued is None:
        f["deadline:no_issued"] = 1.0
    elif hit.deadline < doc.issued:
        f["deadline:past"] = 1.0
    elif hit.deadline.year > doc.issued.year + _FAR_YEARS:
        f["deadline:far"] = 1.0


def _clause_features(f: Features, c_low: str, v: Vocabulary) -> None:
    pasts = [m.group() for m in v.past.finditer(c_low)]
    if any(p != "được" for p in pasts):
        f["past:clause"] = 1.0
    if "được" in pasts:
        f["passive:clause"] = 1.0
    if v.future.search(c_low):
        f["future"] = 1.0
    if v.cue_after.search(c_low):
        f["modal"] = 1.0
    if v.consent.search(c_low):
        f["consent"] = 1.0
    if v.proposal.search(c_low):
        f["proposal"] = 1.0


def _marker_features(f: Features, s_low: str, v: Vocabulary) -> None:
    if any(m.group() != "được" for m in v.past.finditer(s_low)):
        f["past:sentence"] = 1.0
    if v.cue_before.search(s_low):
        f["cue:sentence"] = 1.0
    reports = len(v.report_words.findall(s_low))
    if reports:
        f["report_words"] = min(reports, 3) / 3
    if v.doc_ref.search(s_low):
        f["cites_document"] = 1.0
    if v.meeting.search(s_low):
        f["meeting"] = 1.0  # "… tổ chức Hội nghị sơ kết …": the news of a meeting
    if v.ends_on_speech(s_low) or v.reported_speech.search(s_low):
        f["reported_speech"] = 1.0


def _shape_features(f: Features, text: str, start: int, end: int) -> None:
    sentence = text[start:end]
    # (the words up to one past the longest count weighed: the last holds the rest)
    words = sentence.split(maxsplit=_LONG_WORDS)
    numbers = _DIGITS.finditer(sentence)
    if next(numbers, None) is not None and next(numbers, None) is not None:
        f["numbers"] = 1.0
    if _QUOTE.search(sentence):
        f["quote"] = 1.0
    if sentence.rstrip()[-1:] not in ".;:!?…)" and len(words) <= _TITLE_WORDS:
        f["title_like"] = 1.0
    caps = [w for w in words[:8] if w.isupper() and len(w) > 1]
    if len(caps) >= _CAPS_WORDS:
        f["all_caps"] = 1.0
    if len(words) > _LONG_WORDS:
        f["long"] = 1.0
    elif len(words) < _SHORT_WORDS:
        f["short"] = 1.0
    if sentence.rstrip().endswith("?"):
        f["question"] = 1.0
    if sentence.rstrip().endswith(":"):
        f["umbrella"] = 1.0
