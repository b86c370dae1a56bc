"""A district office's first months of 2024, built through the command line: the
registry of 16 units, four documents we wrote (a plan, two conclusion notices and an
official letter, January–April 2024), and a realistic mix of work done on time,
done late, extended and left undone. Used by the report tests (and handy to look at
the reports by hand: ``python tests/cli/reports_office.py FOLDER``)."""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reports"
DOCUMENTS = (
    "ke_hoach_ve_sinh_moi_truong.txt",
    "thong_bao_chuyen_doi_so.txt",
    "cong_van_phong_chong_han.txt",
)
AS_OF = date(2024, 4, 20)
OFFICE_CONFIG = """
[office]
name = "VĂN PHÒNG HĐND VÀ UBND HUYỆN"
parent = "ỦY BAN NHÂN DÂN HUYỆN AN HÒA"
place = "An Hòa"
number_suffix = "VP"
signer_title = "CHÁNH VĂN PHÒNG"
signer_name = "Nguyễn Văn Bình"
recipients = [
    "Thường trực Huyện ủy",
    "Thường trực HĐND huyện",
    "Chủ tịch, các PCT UBND huyện",
    "Lưu: VT, TH",
]

[reminders]
supervisors = ["chanhvanphong@anhoa.example.vn", "pct.ubnd@anhoa.example.vn"]
"""


def _fate(task_id: int, unit: str) -> int:
    """0 done on time, 1 done late, 2–3 not done: the same for every run."""
    return hashlib.sha256(f"{task_id}:{unit}".encode()).digest()[0] % 4


def build(run, folder: Path) -> Path:
    """Fill the database behind ``run`` (a function taking CLI arguments and returning
    a result with ``exit_code``/``stdout``) and return the config file it needs."""
    from tracker.demo import copy_samples

    config = folder / "config.toml"
    config.write_text(OFFICE_CONFIG, encoding="utf-8")
    demo_document, _ = copy_samples(folder)
    units = shutil.copy(FIXTURES / "units.csv", folder / "units.csv")
    _ok(run("db", "upgrade", "--config", str(config)))  # only init and db upgrade create one
    _ok(run("units", "import", str(units), "--config", str(config)))
    paths = [shutil.copy(FIXTURES / name, folder / name) for name in DOCUMENTS]
    for path in [paths[0], paths[1], demo_document, paths[2]]:
        # confirmed: the reports are about tracked work, not the review queue
        _ok(run("ingest", str(path), "--confirm", "--config", str(config)))
    rows = json.loads(
        _ok(run("tasks", "--format", "json", "--as-of", AS_OF.isoformat(), "--config", str(config)))
    )
    for row in rows:
        if row["role"] != "lead" or row["deadline"] is None:
            continue
        deadline = date.fromisoformat(row["deadline"])
        fate = _fate(row["task_id"], row["unit"])
        day = deadline - timedelta(days=2) if fate == 0 else deadline + timedelta(days=6)
        if fate <= 1 and day <= AS_OF:
            args = ["done", str(row["task_id"]), "--unit", row["unit"], "--on", day.isoformat()]
            _ok(run(*args, "--config", str(config)))
    return config


def _ok(result) -> str:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


if __name__ == "__main__":  # python tests/cli/reports_office.py FOLDER
    from typer.testing import CliRunner

    from tracker.cli import app

    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{target / 'office.db'}"
    runner = CliRunner()
    print(build(lambda *a: runner.invoke(app, [*a, "--db", url]), target))
