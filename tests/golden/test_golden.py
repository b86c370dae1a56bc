"""Golden documents we wrote (tests/golden/*.txt) and their expected ``extract`` rows
(*.expected.jsonl). Regenerate only with ``pytest --update-golden`` and review the
diff in the commit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tracker.cli.rows import task_row
from tracker.extract import extract
from tracker.extract.load import load_document

HERE = Path(__file__).parent
DOCUMENTS = sorted(HERE.glob("*.txt"))
KEYS = ("owners", "deadline", "deadline_text", "recurrence", "report_to", "action", "supports")


def _rows(path: Path) -> list[dict]:
    document = load_document(path)
    return [{k: task_row(document.name, t)[k] for k in KEYS} for t in extract(document.text).tasks]


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.stem for p in DOCUMENTS])
def test_golden_document(path, request):
    expected_path = path.with_suffix(".expected.jsonl")
    rows = _rows(path)
    if request.config.getoption("--update-golden"):
        expected_path.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
        )
    expected = [json.loads(line) for line in expected_path.read_text(encoding="utf-8").splitlines()]
    assert rows == expected
