"""Train the extractor's decision model (tracker/extract/decision.json) and print how
it does at every threshold.

Every candidate the rules propose on the *tune* part of ../shared/corpus/dev is
labelled by the corpus scorer's own matching (1 when it matches a gold task, 0 when
not, duplicates included); a logistic model with L2 regularisation is fitted on
those labels (plain gradient descent: no dependency); ``keep`` is the threshold that
gives the best all-task F1 on the tune part. The check part (a third of the
documents, by file-name hash) is never seen in training: its figures are the honest
ones. Prints precision/recall/F1 at each threshold on both parts, and the precision
of the candidates at or above ``review.confidence_threshold`` (those confirmed
without review).

    .venv/bin/python bench/train_decision.py            # train, print, write the model
    .venv/bin/python bench/train_decision.py --dry-run  # print only
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import sys
import unicodedata
from pathlib import Path

from tracker.extract import candidates

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
MODEL = ROOT / "tracker" / "extract" / "decision.json"
EPOCHS = 400
RATE = 0.5
L2 = 0.01
REVIEW_THRESHOLD = 0.6


def _scorer():
    spec = importlib.util.spec_from_file_location("shared_score", SHARED / "tools" / "score.py")
    if spec is None or spec.loader is None:
        sys.exit(f"{SHARED / 'tools' / 'score.py'} is missing")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _row(doc: str, candidate) -> dict:
    return {
        "doc": doc,
        "sentence": candidate.sentence,
        "owners": list(candidate.owners),
        "deadline": candidate.deadline.isoformat() if candidate.deadline else None,
    }


def examples(scorer, subset: str) -> list[tuple[str, dict, dict[str, float], int]]:
    """(doc, prediction row, features, label) for every candidate of the subset."""
    corpus = SHARED / "corpus" / "dev"
    gold: dict[str, list[dict]] = {}
    for row in scorer.load_jsonl(corpus / "tasks.jsonl"):
        gold.setdefault(row["doc"], []).append(row)
    out = []
    for meta in scorer.load_jsonl(corpus / "docs.jsonl"):
        doc = meta["doc"]
        if not scorer.in_subset(doc, subset):
            continue
        text = unicodedata.normalize("NFC", (corpus / "docs" / doc).read_text(encoding="utf-8"))
        _, scored = candidates(text)
        rows = [_row(doc, c) for c, _ in scored]
        pairs = scorer.greedy_pairs(rows, gold.get(doc, []), scorer.task_match)
        matched = {i for i, _ in pairs}
        out += [(doc, rows[i], f, int(i in matched)) for i, (_, f) in enumerate(scored)]
    return out


def fit(data: list[tuple[str, dict, dict[str, float], int]]) -> tuple[float, dict[str, float]]:
    """Logistic regression by full-batch gradient descent with L2 on the weights."""
    names = sorted({k for _, _, f, _ in data for k in f})
    bias, weights = 0.0, dict.fromkeys(names, 0.0)
    n = len(data)
    for _ in range(EPOCHS):
        grad_b, grad = 0.0, dict.fromkeys(names, 0.0)
        for _, _, f, y in data:
            z = bias + sum(weights[k] * v for k, v in f.items())
            err = 1 / (1 + math.exp(-max(-30, min(30, z)))) - y
            grad_b += err
            for k, v in f.items():
                grad[k] += err * v
        bias -= RATE * grad_b / n
        for k in names:
            weights[k] -= RATE * (grad[k] / n + L2 * weights[k])
    return bias, {k: round(w, 4) for k, w in weights.items() if abs(w) >= 1e-4}


def probability(bias: float, weights: dict[str, float], f: dict[str, float]) -> float:
    z = bias + sum(weights.get(k, 0.0) * v for k, v in f.items())
    return 1 / (1 + math.exp(-max(-30, min(30, z))))


def scores(scorer, data, bias, weights, threshold: float, subset: str) -> dict:
    """The corpus scorer's report for the candidates kept at ``threshold``."""
    kept = [row for _, row, f, _ in data if probability(bias, weights, f) >= threshold]
    report, _ = scorer.score(SHARED / "corpus" / "dev", kept, subset)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dry-run", action="store_true", help="do not write the model")
    args = parser.parse_args()
    scorer = _scorer()
    tune, check = examples(scorer, "tune"), examples(scorer, "check")
    print(
        f"candidates: tune {len(tune)} ({sum(y for *_, y in tune)} right), "
        f"check {len(check)} ({sum(y for *_, y in check)} right)"
    )
    bias, weights = fit(tune)
    thresholds = [round(0.05 * i, 2) for i in range(1, 20)]
    best = max(
        thresholds,
        key=lambda t: scores(scorer, tune, bias, weights, t, "tune")["all_tasks"]["f1"],
    )
    print(
        "threshold  tune P/R/F1 (all)      tune F1 (deadline)  "
        "check P/R/F1 (all)     check F1 (deadline)"
    )
    for t in thresholds:
        a = scores(scorer, tune, bias, weights, t, "tune")
        b = scores(scorer, check, bias, weights, t, "check")
        mark = " <- keep" if t == best else ""
        print(
            f"{t:9.2f}  {a['all_tasks']['precision']:.2f}/{a['all_tasks']['recall']:.2f}/"
            f"{a['all_tasks']['f1']:.2f}         {a['tasks_with_deadline']['f1']:.2f}"
            f"                {b['all_tasks']['precision']:.2f}/{b['all_tasks']['recall']:.2f}/"
            f"{b['all_tasks']['f1']:.2f}         {b['tasks_with_deadline']['f1']:.2f}{mark}"
        )
    for name, data in (("tune", tune), ("check", check)):
        sure = [y for *_, f, y in data if probability(bias, weights, f) >= REVIEW_THRESHOLD]
        share = sum(sure) / len(sure) if sure else 0.0
        print(
            f"{name}: candidates at or above {REVIEW_THRESHOLD} (confirmed without review): "
            f"{len(sure)}, right {share:.2f}"
        )
    top = sorted(weights.items(), key=lambda kv: -abs(kv[1]))[:25]
    print("heaviest weights:", ", ".join(f"{k} {w:+.2f}" for k, w in top))
    if not args.dry_run:
        MODEL.write_text(
            json.dumps(
                {
                    "bias": round(bias, 4),
                    "weights": weights,
                    "keep": best,
                    "trained_on": "tune part of ../shared/corpus/dev (bench/train_decision.py)",
                },
                ensure_ascii=False,
                indent=1,
                sort_keys=True,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"written {MODEL.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
