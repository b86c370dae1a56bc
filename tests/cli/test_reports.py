"""The reports a supervisor signs, rendered as LibreOffice renders them and read back with
poppler: the overdue report (state and Party layouts), the scoreboard and the periodic
report; column widths, header rules, charts, a golden image of page 1; the periodic
figures against ``tracker stats``; the periodic mail sent once; ``--output`` written
whole or not at all.

Tests that need LibreOffice or poppler skip with the reason outside CI and fail under
CI=true (``.ci/run`` installs them).
"""

from __future__ import annotations

import email
import io
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import zipfile
from datetime import date
from email import policy
from pathlib import Path

import pytest
from reports_office import AS_OF, FIXTURES, build
from typer.testing import CliRunner

from tracker.cli import app

IN_CI = os.environ.get("CI", "").lower() == "true"
TOOLS = ("soffice", "pdftotext", "pdfinfo", "pdftoppm", "pdffonts")
GOLDEN = FIXTURES / "golden-overdue-page1.png"
A4 = (595, 842)  # points, rounded


@pytest.fixture(scope="session")
def tools() -> None:
    """LibreOffice and poppler-utils, or a skip (outside CI) / failure (CI) saying which."""
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        reason = (
            f"{', '.join(missing)} not installed (apt-get install libreoffice-writer-nogui "
            "poppler-utils fonts-liberation2): the PDF rendering checks need them"
        )
        if IN_CI:
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)


class Office:
    """The district office of ``reports_office``, on one database."""

    def __init__(self, url: str, folder: Path) -> None:
        self.url = url
        self.folder = folder
        self.runner = CliRunner()
        self.config = build(self.invoke, folder)

    def invoke(self, *args: str):
        return self.runner.invoke(app, [*args, "--db", self.url])

    def run(self, *args: str):
        return self.invoke(*args, "--config", str(self.config))

    def export(self, kind: str, fmt: str, out: Path, *extra: str) -> Path:
        result = self.run("export", kind, "--format", fmt, "--output", str(out), *extra)
        assert result.exit_code == 0, result.stderr
        assert out.stat().st_size > 0
        return out


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> Office:
    folder = tmp_path_factory.mktemp("office")
    return Office(f"sqlite:///{folder / 'office.db'}", folder)


@pytest.fixture
def office_any(db_url, tmp_path) -> Office:
    """The same office on SQLite and on PostgreSQL."""
    return Office(db_url, tmp_path)


def _overdue(office: Office, out: Path, *extra: str) -> Path:
    return office.export("overdue", out.suffix[1:], out, "--as-of", AS_OF.isoformat(), *extra)


def _stats(office: Office, out: Path) -> Path:
    return office.export(
        "stats", out.suffix[1:], out, "--from", "2024-01-01", "--to", "2024-03-31", "--as-of",
        "2024-04-05",
    )  # fmt: skip


def _period(office: Office, out: Path, period: str = "2024-Q1") -> Path:
    return office.export(
        "period", out.suffix[1:], out, "--period", period, "--as-of", AS_OF.isoformat()
    )


def _pdf_text(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(
        ["pdftotext", "-layout", *pages, str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout


def _pdf_info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, text=True).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines())}


def _page_size(info: dict[str, str]) -> tuple[int, int]:
    width, _, height = info["Page size"].split()[:3]
    return round(float(width)), round(float(height))


def _flat(text: str) -> str:
    return " ".join(text.split())


def _fonts_embedded(pdf: Path) -> list[str]:
    """The rows of ``pdffonts`` (one per font); each says whether the font is embedded."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True, text=True).stdout
    return out.splitlines()[2:]


# --- the PDFs, read back --------------------------------------------------------------


def test_overdue_report_pdf_state_layout(office, tools, tmp_path):
    pdf = _overdue(office, tmp_path / "qua-han.pdf")
    info = _pdf_info(pdf)
    assert _page_size(info) == A4
    pages = int(info["Pages"])
    assert pages >= 2
    text = _flat(_pdf_text(pdf))
    for expected in (
        "ỦY BAN NHÂN DÂN HUYỆN AN HÒA",
        "VĂN PHÒNG HĐND VÀ UBND HUYỆN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: /BC-VP",
        "An Hòa, ngày 20 tháng 4 năm 2024",
        "BÁO CÁO",
        "Danh sách đơn vị quá hạn thực hiện nhiệm vụ tính đến ngày 20/04/2024",
        "Tổng cộng: 11 đơn vị, 17 lượt nhiệm vụ quá hạn",
    ):
        assert expected in text, expected
    last = _flat(_pdf_text(pdf, pages))
    assert "Nơi nhận:" in last
    assert "- Lưu: VT, TH." in last
    assert "CHÁNH VĂN PHÒNG" in last
    assert "Nguyễn Văn Bình" in last
    # page numbers from page 2, at the top; none on page 1
    assert _pdf_text(pdf, 1).split()[0] == "ỦY"
    assert _pdf_text(pdf, 2).split()[0] == "2"
    fonts = _fonts_embedded(pdf)
    assert fonts
    assert all(" yes " in row for row in fonts), fonts


def test_overdue_report_pdf_party_layout(office, tools, tmp_path):
    pdf = _overdue(office, tmp_path / "qua-han.pdf", "--template", "party")
    text = _flat(_pdf_text(pdf, 1))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "Độc lập" not in text
    assert "Số -BC/VP" in text
    assert "-----" in text  # five dashes under the summary (HD 36)
    assert _page_size(_pdf_info(pdf)) == A4


def test_scoreboard_pdf_is_landscape_with_totals_and_signer(office, tools, tmp_path):
    pdf = _stats(office, tmp_path / "ket-qua.pdf")
    info = _pdf_info(pdf)
    assert _page_size(info) == A4[::-1]  # 16 figures a unit: landscape (NĐ 30 I.2)
    text = _flat(_pdf_text(pdf))
    assert "Kết quả thực hiện nhiệm vụ được giao từ ngày 01/01/2024 đến ngày 31/03/2024" in text
    assert "An Hòa, ngày 05 tháng 4 năm 2024" in text  # dated the day it is made
    assert "Chưa hoàn thành" in text  # grouped headings ("Đã hoàn / thành" wraps)
    assert "Số ngày quá hạn" in text
    assert "Tổng cộng 46 11 11" in text
    assert "Nguyễn Văn Bình" in _flat(_pdf_text(pdf, int(info["Pages"])))


def test_periodic_report_pdf(office, tools, tmp_path):
    pdf = _period(office, tmp_path / "quy-1.pdf")
    info = _pdf_info(pdf)
    assert _page_size(info) == A4
    text = _flat(_pdf_text(pdf))
    for expected in (
        "Kết quả thực hiện nhiệm vụ được giao quý I năm 2024",
        "I. KẾT QUẢ CHUNG",
        "Tổng số nhiệm vụ phải thực hiện trong kỳ: 46 lượt của 15 đơn vị",
        "II. KẾT QUẢ THEO ĐƠN VỊ",
        "Tổng cộng 46 0 46 11 11 24 13 27,5",
        "III. NHIỆM VỤ QUÁ HẠN CHƯA HOÀN THÀNH",
        "Tổng cộng: 10 đơn vị, 13 lượt nhiệm vụ quá hạn",
        "Trên đây là báo cáo kết quả thực hiện nhiệm vụ được giao quý I năm 2024./.",
    ):
        assert expected in text, expected
    assert "Nguyễn Văn Bình" in _flat(_pdf_text(pdf, int(info["Pages"])))


def test_page_one_matches_the_golden_image(office, tools, tmp_path, request):
    """Page 1 of the overdue report, rendered at 50 dpi in grey, against the reviewed image:
    a few pixels may move with font hinting, a layout change moves thousands."""
    import numpy as np
    from PIL import Image

    pdf = _overdue(office, tmp_path / "qua-han.pdf")
    subprocess.run(
        ["pdftoppm", "-r", "50", "-gray", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
         str(tmp_path / "page")],
        check=True,
    )  # fmt: skip
    page = tmp_path / "page.png"
    if request.config.getoption("--update-golden"):
        shutil.copyfile(page, GOLDEN)
    current = np.asarray(Image.open(page).convert("L"), dtype=np.int16)
    golden = np.asarray(Image.open(GOLDEN).convert("L"), dtype=np.int16)
    assert current.shape == golden.shape
    difference = np.abs(current - golden)
    assert difference.mean() < 2.0, difference.mean()  # of 255
    assert (difference > 96).mean() < 0.005, (difference > 96).mean()


def test_the_golden_comparison_sees_a_layout_change(office, tools, tmp_path):
    """The tolerance above is not so loose that another layout passes: the Party layout of
    the same report differs from the golden state layout beyond it."""
    import numpy as np
    from PIL import Image

    pdf = _overdue(office, tmp_path / "dang.pdf", "--template", "party")
    subprocess.run(
        ["pdftoppm", "-r", "50", "-gray", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
         str(tmp_path / "page")],
        check=True,
    )  # fmt: skip
    current = np.asarray(Image.open(tmp_path / "page.png").convert("L"), dtype=np.int16)
    golden = np.asarray(Image.open(GOLDEN).convert("L"), dtype=np.int16)
    difference = np.abs(current - golden)
    assert difference.mean() >= 2.0 or (difference > 96).mean() >= 0.005


# --- the DOCX: widths, rules, repeated headings ------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _body(docx_path: Path):
    from lxml import etree

    with zipfile.ZipFile(docx_path) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def test_task_column_gets_the_most_width(office, tmp_path):
    from tracker.export.layout import CELL_PADDING_PT, text_width_pt

    body = _body(_overdue(office, tmp_path / "qua-han.docx"))
    tables = body.findall(f"{W}body/{W}tbl")
    grid = [int(c.get(f"{W}w")) for c in tables[1].find(f"{W}tblGrid")]
    headings = [
        "".join(t.text for t in tc.iter(f"{W}t"))
        for tc in tables[1].find(f"{W}tr").findall(f"{W}tc")
    ]
    assert headings == ["STT", "Nhiệm vụ", "Văn bản giao", "Hạn", "Số ngày quá hạn", "Ghi chú"]
    share = [w / sum(grid) for w in grid]
    assert max(share) == share[1]
    assert share[1] > 0.35  # the task text gets the room (equal widths would give 1/6)
    # the deadline column holds "20/03/2024" on one line: 12 pt Times, cell margins included
    assert grid[3] / 20 >= text_width_pt("20/03/2024", 12) + 2 * CELL_PADDING_PT
    assert tables[1].find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"


def test_header_rows_repeat_and_rows_never_split(office, tmp_path):
    body = _body(_period(office, tmp_path / "quy-1.docx"))
    for table in body.findall(f"{W}body/{W}tbl")[1:]:
        rows = table.findall(f"{W}tr")
        if not rows or rows[0].find(f"{W}trPr/{W}tblHeader") is None:
            continue  # the signer block and chart rows are not grids
        assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    unit_table = body.findall(f"{W}body/{W}tbl")[1]
    headers = [
        r for r in unit_table.findall(f"{W}tr") if r.find(f"{W}trPr/{W}tblHeader") is not None
    ]
    assert len(headers) == 2  # "Đã hoàn thành" above "Đúng hạn" / "Quá hạn"
    spans = {
        "".join(t.text for t in tc.iter(f"{W}t")): tc.find(f"{W}tcPr/{W}gridSpan")
        for tc in headers[0].findall(f"{W}tc")
    }
    assert spans["Đã hoàn thành"].get(f"{W}val") == "2"


def test_rules_under_the_office_name_and_the_motto(office, tmp_path):
    from tracker.export.layout import text_width_pt

    body = _body(_overdue(office, tmp_path / "qua-han.docx"))
    header = body.find(f"{W}body/{W}tbl")
    cells = header.findall(f"{W}tr/{W}tc")
    widths = []
    for cell in cells:
        cell_pt = int(cell.find(f"{W}tcPr/{W}tcW").get(f"{W}w")) / 20
        rules = [
            p for p in cell.findall(f"{W}p") if p.find(f"{W}pPr/{W}pBdr/{W}bottom") is not None
        ]
        assert len(rules) == 1
        indent = rules[0].find(f"{W}pPr/{W}ind")
        widths.append(cell_pt - (int(indent.get(f"{W}left")) + int(indent.get(f"{W}right"))) / 20)
    motto = text_width_pt("Độc lập - Tự do - Hạnh phúc", 13, bold=True)
    office_name = text_width_pt("VĂN PHÒNG HĐND VÀ UBND HUYỆN", 12, bold=True)
    assert widths[1] == pytest.approx(motto, rel=0.02)  # as long as the motto
    assert office_name / 3 <= widths[0] <= office_name / 2  # 1/3 to 1/2 of the name


# --- charts ------------------------------------------------------------------------------


def _images(docx_path: Path) -> list[bytes]:
    with zipfile.ZipFile(docx_path) as archive:
        return [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]


def _drawn(png: bytes) -> float:
    """The share of the image that is not background."""
    import numpy as np
    from PIL import Image

    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    return float((pixels < 200).mean())


@pytest.mark.parametrize(("kind", "charts"), [("overdue", 1), ("stats", 2), ("period", 1)])
def test_charts_are_present_and_drawn(office, tmp_path, kind, charts):
    out = tmp_path / f"{kind}.docx"
    {"overdue": _overdue, "stats": _stats, "period": _period}[kind](office, out)
    images = _images(out)
    assert len(images) == charts
    for png in images:
        assert png.startswith(b"\x89PNG")
        assert len(png) > 5000
        assert 0.02 < _drawn(png) < 0.6  # bars and labels, not a blank or a black box


def test_html_embeds_the_charts_and_groups_the_headings(office, tmp_path):
    import base64
    import re

    page = _stats(office, tmp_path / "ket-qua.html").read_text(encoding="utf-8")
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert len(images) == 2
    assert all(_drawn(base64.b64decode(x)) > 0.02 for x in images)
    assert '<th colspan="2">Đã hoàn thành</th>' in page
    assert '<th rowspan="2">Đơn vị</th>' in page
    assert "<script" not in page


@pytest.mark.parametrize("kind", ["stats", "period"])
def test_xlsx_carries_native_charts(office, tmp_path, kind):
    out = tmp_path / f"{kind}.xlsx"
    {"stats": _stats, "period": _period}[kind](office, out)
    with zipfile.ZipFile(out) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
    assert charts


# --- the periodic report against tracker stats -------------------------------------------


def test_periodic_figures_reconcile_with_stats(office_any, tmp_path):
    report = json.loads(_period(office_any, tmp_path / "q1.json").read_text(encoding="utf-8"))
    result = office_any.run(
        "stats", "--from", "2024-01-01", "--to", "2024-03-31", "--format", "json"
    )
    assert result.exit_code == 0, result.stderr
    stats = {row["unit"]: row for row in json.loads(result.stdout)}
    assert (report["start"], report["end"], report["complete"]) == (
        "2024-01-01",
        "2024-03-31",
        True,
    )
    assert {row["unit"] for row in report["units"]} == set(stats)
    for row in report["units"]:
        s = stats[row["unit"]]
        assert row["total"] == s["total"]
        assert row["done_on_time"] == s["done_on_time"]
        assert row["done_late"] == s["done_late"]
        assert row["overdue"] == s["overdue"]
        assert row["not_done"] == s["open"] + s["due_soon"] + s["overdue"] + s["no_deadline"]
        assert row["from_before"] + row["assigned"] == row["total"]
        assert row["done_on_time"] + row["done_late"] + row["not_done"] == row["total"]
        expected_rate = None if s["on_time_rate"] is None else round(s["on_time_rate"] * 100, 1)
        assert row["on_time_rate"] == expected_rate
    totals = report["totals"]
    assert totals["total"] == sum(s["total"] for s in stats.values()) == 46
    assert totals["overdue"] == len(report["overdue"]) == 13
    assert {r["status"] for r in report["overdue"]} == {"overdue"}


def test_a_running_period_is_counted_to_the_as_of_day(office, tmp_path):
    report = json.loads(_period(office, tmp_path / "m4.json", "2024-04").read_text("utf-8"))
    assert (report["end"], report["complete"]) == ("2024-04-20", False)
    totals = report["totals"]
    assert totals["from_before"] > 0  # the undone work of the first quarter
    assert totals["assigned"] > 0  # the letter of 2 April
    assert totals["from_before"] + totals["assigned"] == totals["total"]
    result = office.run(
        "export", "period", "--period", "2024-Q3", "--format", "json",
        "--output", str(tmp_path / "q3.json"), "--as-of", AS_OF.isoformat(),
    )  # fmt: skip
    assert result.exit_code == 2
    assert "chưa bắt đầu" in result.stderr
    assert not (tmp_path / "q3.json").exists()


# --- the periodic mail, once ------------------------------------------------------------


def _outbox(office: Office) -> list[Path]:
    return sorted((office.folder / "outbox").glob("*.eml"))


def _sent_rows(office: Office) -> list[tuple[str, str, object]]:
    from sqlalchemy import select

    from tracker.store.engine import make_engine
    from tracker.store.models import PeriodReportMail

    engine = make_engine(office.url)
    with engine.connect() as connection:
        rows = connection.execute(
            select(PeriodReportMail.period, PeriodReportMail.recipient, PeriodReportMail.sent_at)
        ).all()
    engine.dispose()
    return sorted((p, r, s) for p, r, s in rows)


def test_scheduled_periodic_report_is_mailed_once(office_any, tools, monkeypatch):
    from tracker import dates, scheduler

    monkeypatch.chdir(office_any.folder)
    config = str(office_any.config)
    for day in ("2024-04-01", "2024-04-01", "2024-04-02"):  # twice on the day, then the next
        monkeypatch.setattr(dates, "today", lambda _tz="", d=day: date.fromisoformat(d))
        scheduler.period_job(config, office_any.url)
    files = _outbox(office_any)
    assert len(files) == 2  # one per supervisor, once
    recipients = set()
    for path in files:
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        recipients.add(message["To"])
        assert message["Subject"] == "Báo cáo kết quả thực hiện nhiệm vụ được giao quý I năm 2024"
        (attachment,) = list(message.iter_attachments())
        assert attachment.get_filename() == "bao-cao-2024-Q1.pdf"
        assert attachment.get_content().startswith(b"%PDF")
        assert "Chưa hoàn thành: 24, trong đó quá hạn: 13" in message.get_body().get_content()
    assert recipients == {"chanhvanphong@anhoa.example.vn", "pct.ubnd@anhoa.example.vn"}
    rows = _sent_rows(office_any)
    assert [(p, r) for p, r, _ in rows] == [
        ("2024-Q1", "chanhvanphong@anhoa.example.vn"),
        ("2024-Q1", "pct.ubnd@anhoa.example.vn"),
    ]
    assert all(sent is not None for _, _, sent in rows)
    # the command line does what the job does: nothing left to send for the quarter
    result = office_any.run("export", "send-period", "--as-of", "2024-04-03")
    assert result.exit_code == 0, result.stderr
    assert len(_outbox(office_any)) == 2


def test_without_libreoffice_the_mail_waits_and_goes_once_later(
    office, tools, tmp_path, monkeypatch
):
    monkeypatch.chdir(office.folder)
    (office.folder / "outbox").mkdir(exist_ok=True)
    before = _outbox(office)
    empty = tmp_path / "no-programs"
    empty.mkdir()
    path = os.environ["PATH"]
    monkeypatch.setenv("PATH", str(empty))
    result = office.run("export", "send-period", "--as-of", "2024-05-02")
    assert result.exit_code == 2
    assert "libreoffice-writer-nogui" in result.stderr
    assert result.stderr.count("\n") == 1
    assert _outbox(office) == before
    waiting = [r for r in _sent_rows(office) if r[0] == "2024-04"]
    assert len(waiting) == 2
    assert all(sent is None for _, _, sent in waiting)
    monkeypatch.setenv("PATH", path)
    for _ in range(2):
        assert office.run("export", "send-period", "--as-of", "2024-05-03").exit_code == 0
    assert len(_outbox(office)) == len(before) + 2


# --- LibreOffice missing; --output written safely --------------------------------------


def test_pdf_without_libreoffice_is_one_line_naming_the_package(office, tmp_path, monkeypatch):
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    out = tmp_path / "qua-han.pdf"
    result = office.run("export", "overdue", "--format", "pdf", "--output", str(out))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "LibreOffice" in result.stderr
    assert "libreoffice-writer-nogui" in result.stderr
    assert not out.exists()
    assert not list(tmp_path.glob(".qua-han*"))


@pytest.mark.parametrize(
    "command",
    [
        ("export", "overdue", "--format", "csv", "--as-of", "2024-04-20"),
        ("export", "stats", "--format", "csv", "--as-of", "2024-04-20"),
        ("export", "period", "--period", "2024-Q1", "--format", "csv", "--as-of", "2024-04-20"),
        ("export", "all"),
    ],
)
def test_an_existing_output_is_replaced_only_with_force(office, tmp_path, command):
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "bao-cao.out"
    out.write_text("báo cáo cũ", encoding="utf-8")
    refused = office.run(*command, "--output", str(out))
    assert refused.exit_code == 2
    assert refused.stderr.count("\n") == 1
    assert "--force" in refused.stderr
    assert out.read_text(encoding="utf-8") == "báo cáo cũ"
    forced = office.run(*command, "--output", str(out), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert out.read_text(encoding="utf-8-sig") != "báo cáo cũ"
    assert [p.name for p in folder.iterdir()] == ["bao-cao.out"]


@pytest.mark.parametrize("force", [(), ("--force",)])
def test_output_to_a_device_is_refused_in_one_line(office, force):
    result = office.run("export", "overdue", "--format", "csv", "--output", "/dev/full", *force)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "không phải là tệp thường" in result.stderr


def _limit_file_size() -> None:
    # the kernel refuses to grow any file past 40 kB (EFBIG), as a full disk refuses
    # (ENOSPC): the export's write fails for real, in the middle of the file
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (40_000, 40_000))


def test_a_write_error_keeps_the_old_file_and_leaves_nothing(office, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "qua-han.docx"
    out.write_bytes(b"old report")
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "export", "overdue", "--format", "docx",
         "--output", str(out), "--force", "--as-of", AS_OF.isoformat(),
         "--db", office.url, "--config", str(office.config)],
        capture_output=True, text=True, preexec_fn=_limit_file_size, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr
    assert "không ghi được" in done.stderr
    assert out.read_bytes() == b"old report"
    assert [p.name for p in folder.iterdir()] == ["qua-han.docx"]
