"""Extraction speed: our grammar against dateparser.search_dates on the same text.

Extracts about 1 MB of real text (../shared/corpus/dev repeated; the bundled sample
when ../shared is absent) and, in the same run, times dateparser.search_dates over
the same sentences (on a slice, scaled: it is ~100× slower). Prints MB/s for both,
the ratio, and peak memory. Targets (issue): ≥ 2 MB/s, ≥ 40× dateparser.

    .venv/bin/python bench/extract_speed.py [--mb 1.0]
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from pathlib import Path

from tracker.extract import extract
from tracker.extract.segment import segment

ROOT = Path(__file__).resolve().parents[1]


def texts() -> list[str]:
    corpus = ROOT.parent / "shared" / "corpus" / "dev" / "docs"
    files = sorted(corpus.glob("*.txt")) or [ROOT / "tracker" / "demo" / "thong_bao_ket_luan.txt"]
    return [f.read_text(encoding="utf-8") for f in files]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=1.0, help="megabytes of text to extract")
    args = parser.parse_args()
    docs = texts()
    size = sum(len(t.encode("utf-8")) for t in docs)
    rounds = max(1, int(args.mb * 1_000_000 / size))
    # one warm-up round outside the timing: the tables, the compiled grammar and the
    # holiday calendar (the `holidays` package alone takes ~0.1 s to import) load once
    # per process, as in a long-running server
    for text in docs:
        extract(f"{text}\nwarm-up")

    # every round's texts differ (a numbered last line), so no cache can help
    batches = [[f"{text}\n{n}" for text in docs] for n in range(rounds)]
    start = time.perf_counter()
    tasks = 0
    for batch in batches:
        for text in batch:
            tasks += len(extract(text).tasks)
    ours = time.perf_counter() - start
    # memory in a separate pass: tracing slows Python down several times
    tracemalloc.start()
    for text in docs:
        extract(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    megabytes = rounds * size / 1_000_000

    import dateparser.search

    sentences = [s.text for text in docs for s in segment(text)]
    sample_bytes = sum(len(s.encode("utf-8")) for s in sentences)
    dateparser.search.search_dates("ngày 5/4/2018", languages=["vi"])
    start = time.perf_counter()
    for sentence in sentences:
        dateparser.search.search_dates(sentence, languages=["vi"])
    theirs = time.perf_counter() - start

    ours_rate = megabytes / ours
    theirs_rate = sample_bytes / 1_000_000 / theirs
    print(f"text: {megabytes:.2f} MB ({rounds} rounds of {len(docs)} documents), {tasks} tasks")
    print(f"tracker extract:        {ours_rate:8.2f} MB/s  ({ours:.2f} s)")
    print(f"dateparser.search_dates:{theirs_rate:8.3f} MB/s  (one round, {theirs:.2f} s)")
    print(f"ratio:                  {ours_rate / theirs_rate:8.1f}x")
    print(f"peak traced memory:     {peak / 1_000_000:8.1f} MB (one round; per document)")


if __name__ == "__main__":
    main()
