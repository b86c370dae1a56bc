"""The overdue report in every format, parsed back; both backends."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

AS_OF = "2024-04-20"


def _export(ws, tmp_path: Path, fmt: str, *extra: str) -> Path:
    out = tmp_path / f"report.{fmt}"
    result = ws.run(
        "export", "overdue", "--format", fmt, "--output", str(out), "--as-of", AS_OF, *extra
    )
    assert result.exit_code == 0, result.stderr
    return out


def test_json_equals_the_overdue_command(ingested, tmp_path):
    out = _export(ingested, tmp_path, "json")
    exported = json.loads(out.read_text(encoding="utf-8"))
    listed = json.loads(ingested.run("overdue", "--as-of", AS_OF, "--format", "json").stdout)
    key = lambda r: (r["task_id"], r["unit"])  # noqa: E731
    assert sorted(exported, key=key) == sorted(listed, key=key)


def test_csv_has_a_bom_and_vietnamese(ingested, tmp_path):
    out = _export(ingested, tmp_path, "csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == [
        "STT",
        "Đơn vị",
        "Nhiệm vụ",
        "Văn bản giao",
        "Hạn",
        "Số ngày quá hạn",
        "Ghi chú",
    ]
    assert {r[1] for r in rows[1:]} >= {"Xã Tân Lập", "Hạt Kiểm lâm"}
    assert any(r[3] == "85/TB-VP ngày 12/03/2024" for r in rows[1:])


def test_xlsx_dates_filter_freeze_and_unit_sheet(ingested, tmp_path):
    from openpyxl import load_workbook

    book = load_workbook(_export(ingested, tmp_path, "xlsx"))
    sheet = book["Quá hạn"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:G")
    deadline = sheet.cell(row=2, column=5).value
    assert isinstance(deadline, (date, datetime))
    units = book["Theo đơn vị"]
    assert units.cell(row=1, column=1).value == "Đơn vị"
    assert units.max_row - 1 == len(
        {sheet.cell(row=r, column=2).value for r in range(2, sheet.max_row + 1)}
    )


def test_docx_state_layout(ingested, tmp_path):
    import docx

    document = docx.Document(str(_export(ingested, tmp_path, "docx")))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 30
    assert round(section.right_margin.mm) == 15
    assert round(section.top_margin.mm) == round(section.bottom_margin.mm) == 20
    header = document.tables[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header.cell(0, 1).text
    assert "Độc lập - Tự do - Hạnh phúc" in header.cell(0, 1).text
    assert header.cell(0, 1).text.endswith("ngày 20 tháng 4 năm 2024")
    assert "Số:" in header.cell(0, 0).text
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    qn = docx.oxml.ns.qn
    fonts = {
        run.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:ascii"))
        for run in document.element.body.iter(qn("w:r"))
        if (run.findtext(qn("w:t")) or "").strip()
    }
    assert fonts == {"Times New Roman"}  # the "Tổng cộng" line and the table cells too
    body = document.tables[1]
    headings = [c.text for c in body.rows[0].cells]
    assert "Đơn vị" not in headings  # the unit heads its group instead of every line
    group_rows = [r for r in body.rows if len({id(c._tc) for c in r.cells}) == 1]
    assert "Xã Tân Lập (2 nhiệm vụ)" in [r.cells[0].text for r in group_rows]
    assert body.rows[-1].cells[0].text.startswith("Tổng cộng:")
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml


def test_docx_party_layout(ingested, tmp_path):
    import docx

    document = docx.Document(str(_export(ingested, tmp_path, "docx", "--template", "party")))
    right = document.tables[0].cell(0, 1).text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in right
    assert "Độc lập" not in right
    assert "-BC/" in document.tables[0].cell(0, 0).text


def test_html_is_self_contained_and_escaped(ingested, tmp_path):
    out = _export(ingested, tmp_path, "html")
    page = out.read_text(encoding="utf-8")

    class Collect(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tags: list[str] = []

        def handle_starttag(self, tag, attrs):
            self.tags.append(tag)

    parser = Collect()
    parser.feed(page)
    assert "script" not in parser.tags
    assert "link" not in parser.tags
    assert "Hạt Kiểm lâm" in page


def test_ics_uids_are_stable(ingested, tmp_path):
    from icalendar import Calendar

    first = Calendar.from_ical(_export(ingested, tmp_path, "ics").read_bytes())
    second_path = tmp_path / "again.ics"
    ingested.run(
        "export", "overdue", "--format", "ics", "--output", str(second_path), "--as-of", AS_OF
    )
    second = Calendar.from_ical(second_path.read_bytes())
    uids = [str(e["uid"]) for e in first.walk("VEVENT")]
    assert uids == [str(e["uid"]) for e in second.walk("VEVENT")]
    assert len(uids) == len(set(uids)) == 11


def test_bad_format_and_template_exit_2(ingested, tmp_path):
    for extra in (("--format", "odt"), ("--format", "docx", "--template", "royal")):
        result = ingested.run("export", "overdue", *extra, "--output", str(tmp_path / "x"))
        assert result.exit_code == 2
        assert result.stderr.count("\n") == 1
    assert not (tmp_path / "x").exists()


def test_formula_injection_is_neutralised(ws, tmp_path):
    doc = tmp_path / "tb.txt"
    doc.write_text(
        "Ngày 2/3/2024, UBND huyện họp.\n"
        'Giao Công an huyện =HYPERLINK("http://x") kiểm tra trước ngày 5/3/2024.\n'
        "Đề nghị Xã An Bình: =1+1 báo cáo trước ngày 6/3/2024.\n",
        encoding="utf-8",
    )
    ws.run("ingest", str(doc), "--confirm")
    from openpyxl import load_workbook

    out = tmp_path / "r.csv"
    ws.run("export", "overdue", "--format", "csv", "--output", str(out), "--as-of", AS_OF)
    cells = [c for row in csv.reader(out.read_text(encoding="utf-8-sig").splitlines()) for c in row]
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    xlsx = tmp_path / "r.xlsx"
    ws.run("export", "overdue", "--format", "xlsx", "--output", str(xlsx), "--as-of", AS_OF)
    values = [c.value for row in load_workbook(xlsx)["Quá hạn"].iter_rows() for c in row]
    assert not any(isinstance(v, str) and v.startswith(("=", "+", "@")) for v in values)


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx", "docx"])
def test_export_stats(ingested, tmp_path, fmt):
    ingested.run("done", "1", "--unit", "Xã An Bình", "--on", "2024-03-22")
    out = tmp_path / f"stats.{fmt}"
    result = ingested.run(
        "export",
        "stats",
        "--format",
        fmt,
        "--output",
        str(out),
        "--from",
        "2024-03-01",
        "--to",
        "2024-04-20",
    )
    assert result.exit_code == 0, result.stderr
    if fmt == "json":
        rows = {r["unit"]: r for r in json.loads(out.read_text(encoding="utf-8"))}
        assert rows["Xã An Bình"]["on_time_rate"] == 50.0
    elif fmt == "csv":
        text = out.read_text(encoding="utf-8-sig")
        assert text.startswith("Đơn vị,Tổng số")
        assert "Xã An Bình" in text
    elif fmt == "xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(out)["Theo đơn vị"]
        assert sheet.cell(row=1, column=10).value == "Tỷ lệ đúng hạn (%)"
        assert "Xã An Bình" in [
            sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)
        ]
    else:
        import docx

        document = docx.Document(str(out))
        assert "Xã An Bình" in {c.text for row in document.tables[1].rows for c in row.cells}
