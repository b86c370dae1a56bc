"""Documents as they arrive, through the command line: e-mail, scans, header and Nơi
nhận fan-out, the drop folder. SQLite and PostgreSQL (``db_url``)."""

from __future__ import annotations

import json
import os
import threading
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import select

from tracker.app import Context
from tracker.app.dropfolder import run_once
from tracker.config import load_config
from tracker.store.engine import make_engine
from tracker.store.models import Assignment, Document, Event, Task, Unit

CONG_VAN = """ỦY BAN NHÂN DÂN
HUYỆN AN HÒA
Số: 301/UBND-VP
V/v rà soát phương án chữa cháy rừng
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
An Hòa, ngày 02 tháng 4 năm 2024
Kính gửi:
- Hạt Kiểm lâm;
- Công an huyện.
{body}
Nơi nhận:
- Như trên;
- UBND các xã, thị trấn;
- TT Huyện ủy (để b/c);
- CT, các PCT UBND huyện;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn An
""".format(
    body="Để chủ động trong mùa khô, Chủ tịch UBND huyện đề nghị các đơn vị rà soát phương "
    "án chữa cháy tại chỗ, báo cáo kết quả về UBND huyện trước ngày 20/4/2024."
)


def _context(config, engine) -> Context:
    return Context(config, engine, lambda: datetime.now(UTC))


def _stored(ws, model, *columns):
    engine = make_engine(ws.url)
    with engine.connect() as connection:
        rows = connection.execute(select(*(getattr(model, c) for c in columns))).all()
    engine.dispose()
    return rows


def test_the_header_is_stored_and_the_units_get_the_task(ws, tmp_path):
    path = tmp_path / "cong-van.txt"
    path.write_text(CONG_VAN, encoding="utf-8")
    rows = ws.jsonl("ingest", str(path))
    assert rows[0]["tasks"] >= 1
    [(number, issuer, issued, place, abstract, recipients, source)] = _stored(
        ws,
        Document,
        "number",
        "issuer",
        "issued",
        "place",
        "abstract",
        "recipients",
        "source_kind",
    )
    assert (number, issued.isoformat(), place, source) == (
        "301/UBND-VP",
        "2024-04-02",
        "An Hòa",
        "text",
    )
    assert issuer == "ỦY BAN NHÂN DÂN HUYỆN AN HÒA"
    assert abstract == "rà soát phương án chữa cháy rừng"
    assert json.loads(recipients)[-1] == "Lưu: VT"
    engine = make_engine(ws.url)
    with engine.connect() as connection:
        units = set(
            connection.execute(
                select(Unit.name)
                .join(Assignment, Assignment.unit_id == Unit.id)
                .join(Task, Task.id == Assignment.task_id)
                .where(Task.sentence.contains("đề nghị các đơn vị"))
            ).scalars()
        )
    engine.dispose()
    # Như trên (Hạt Kiểm lâm, Công an huyện) and every xã and thị trấn; not the UBND
    # huyện's own leaders, not the Huyện ủy (để b/c), not the archive
    assert units == {
        "Hạt Kiểm lâm",
        "Công an huyện",
        "Thị trấn An Hòa",
        "Xã An Bình",
        "Xã An Phú",
        "Xã Tân Lập",
        "Xã Hòa Sơn",
    }


def _email(tmp_path: Path, attachment: Path) -> Path:
    message = EmailMessage()
    message["From"] = "Văn phòng UBND huyện <vanphong@anhoa.example.vn>"
    message["To"] = "vanthu@anhoa.example.vn"
    message["Subject"] = "Gửi Công văn số 301/UBND-VP"
    message.set_content("Văn phòng gửi kèm công văn số 301/UBND-VP ngày 02/4/2024.")
    message.add_attachment(
        attachment.read_bytes(), maintype="text", subtype="plain", filename=attachment.name
    )
    path = tmp_path / "thu-den.eml"
    path.write_bytes(bytes(message))
    return path


def test_an_email_is_ingested_with_sender_and_subject(ws, tmp_path):
    attachment = tmp_path / "cong-van.txt"
    attachment.write_text(CONG_VAN, encoding="utf-8")
    rows = ws.jsonl("ingest", str(_email(tmp_path, attachment)))
    assert [r["doc"] for r in rows] == ["thu-den.eml/cong-van.txt"]  # the body holds no task
    [(name, sender, subject)] = _stored(ws, Document, "file_name", "mail_from", "mail_subject")
    assert name == "thu-den.eml/cong-van.txt"
    assert sender == "Văn phòng UBND huyện <vanphong@anhoa.example.vn>"
    assert subject == "Gửi Công văn số 301/UBND-VP"


@pytest.mark.parametrize(
    ("name", "data", "needle"),
    [
        ("hong.pdf", b"%PDF-1.4\nnot really", "PDF"),
        ("bom.docx", b"PK\x03\x04broken", ".docx"),
        ("thu.eml", b"\x00\x01 not mail", "thư điện tử"),
    ],
)
def test_bad_documents_are_one_line_and_write_nothing(ws, tmp_path, name, data, needle):
    good = tmp_path / "tot.txt"
    good.write_text(CONG_VAN, encoding="utf-8")
    bad = tmp_path / name
    bad.write_bytes(data)
    before = ws.counts()
    result = ws.run("ingest", str(good), str(bad))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert needle in result.stderr
    assert ws.counts() == before


# --- the drop folder ---------------------------------------------------------------------


def test_documents_show_says_where_a_document_came_from(ws, tmp_path):
    path = tmp_path / "cong-van.txt"
    path.write_text(CONG_VAN, encoding="utf-8")
    [row] = ws.jsonl("ingest", str(path))
    [shown] = ws.jsonl("documents", "show", str(row["document_id"]))
    assert (shown["place"], shown["source_kind"], shown["ocr_confidence"]) == (
        "An Hòa",
        "text",
        None,
    )
    assert shown["abstract"] == "rà soát phương án chữa cháy rừng"
    assert shown["recipients"][:2] == ["Như trên", "UBND các xã, thị trấn"]
    table = ws.run("documents", "show", str(row["document_id"]))
    assert table.exit_code == 0, table.stderr
    assert "Nơi ban hành: An Hòa" in table.stderr
    assert "Nguồn: tệp văn bản" in table.stderr
    assert "Nơi nhận: Như trên; UBND các xã, thị trấn;" in table.stderr


@pytest.fixture
def drop(ws, tmp_path):
    folder = tmp_path / "van-ban-den"
    folder.mkdir()
    config = tmp_path / "config.toml"
    config.write_text(
        f'[database]\nurl = "{ws.url}"\n[intake]\nfolder = "{folder}"\nsettle_seconds = 60\n',
        encoding="utf-8",
    )
    return folder, load_config(config)


def _age(path: Path, seconds: float) -> None:
    stamp = datetime.now(UTC).timestamp() - seconds
    os.utime(path, (stamp, stamp))


def test_drop_folder_ingests_once_and_moves_files(ws, drop):
    folder, config = drop
    (folder / "cong-van.txt").write_text(CONG_VAN, encoding="utf-8")
    (folder / "hong.pdf").write_bytes(b"%PDF-1.4\nnot really")
    (folder / "dang-chep.txt").write_text(CONG_VAN + "x", encoding="utf-8")
    (folder / "~$tam.docx").write_bytes(b"lock file of Word")
    for name in ("cong-van.txt", "hong.pdf", "~$tam.docx"):
        _age(folder / name, 600)
    engine = make_engine(ws.url)
    outcomes = run_once(_context(config, engine), actor="scheduler:intake-folder")
    assert {(o.name, o.status) for o in outcomes} == {
        ("cong-van.txt", "done"),
        ("hong.pdf", "failed"),
    }
    assert (folder / "done" / "cong-van.txt").is_file()
    assert (folder / "failed" / "hong.pdf").is_file()
    error = (folder / "failed" / "hong.pdf.error.txt").read_text(encoding="utf-8")
    assert "PDF" in error
    assert error.count("\n") == 1
    assert (folder / "dang-chep.txt").is_file()  # still being written: left alone
    assert (folder / "~$tam.docx").is_file()
    assert ws.count(Document) == 1
    # stored through the ingest use case: its event names who ran the drop folder
    assert ("ingested", "scheduler:intake-folder") in _stored(ws, Event, "kind", "actor")
    # the same content dropped again is a duplicate: moved, not stored twice
    (folder / "cong-van.txt").write_text(CONG_VAN, encoding="utf-8")
    _age(folder / "cong-van.txt", 600)
    [again] = run_once(_context(config, engine), actor="test")
    assert (again.status, again.duplicates) == ("done", 1)
    assert (folder / "done" / "cong-van (2).txt").is_file()
    assert ws.count(Document) == 1
    engine.dispose()


def test_a_file_left_in_processing_by_a_dead_run_is_taken_again(ws, drop):
    folder, config = drop
    (folder / "processing").mkdir()
    (folder / "processing" / "cong-van.txt").write_text(CONG_VAN, encoding="utf-8")
    engine = make_engine(ws.url)
    [outcome] = run_once(_context(config, engine), actor="test")
    engine.dispose()
    assert outcome.status == "done"
    assert ws.count(Document) == 1
    assert not list((folder / "processing").iterdir())


def test_two_runs_at_once_take_each_file_once(ws, drop):
    folder, config = drop
    for number in range(6):
        path = folder / f"cv-{number}.txt"
        path.write_text(CONG_VAN.replace("301/UBND", f"{310 + number}/UBND"), encoding="utf-8")
        _age(path, 600)
    results: list[list] = [[], []]

    def work(slot: int) -> None:
        engine = make_engine(ws.url)
        results[slot] = run_once(_context(config, engine), actor="test")
        engine.dispose()

    threads = [threading.Thread(target=work, args=(slot,)) for slot in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    names = sorted(o.name for o in results[0] + results[1])
    assert names == [f"cv-{n}.txt" for n in range(6)]
    assert all(o.status == "done" for o in results[0] + results[1])
    assert ws.count(Document) == 6
    assert sorted(p.name for p in (folder / "done").iterdir()) == names


def test_intake_run_command(ws, drop):
    folder, config = drop
    (folder / "cong-van.txt").write_text(CONG_VAN, encoding="utf-8")
    _age(folder / "cong-van.txt", 600)
    result = ws.runner.invoke(
        __import__("tracker.cli", fromlist=["app"]).app,
        ["intake", "run", "--config", str(config.path), "--format", "jsonl"],
    )
    assert result.exit_code == 0, result.stderr
    [row] = [json.loads(line) for line in result.stdout.splitlines()]
    assert (row["file"], row["status"]) == ("cong-van.txt", "done")


def test_intake_run_without_a_folder_is_one_line(ws):
    result = ws.run("intake", "run")
    assert result.exit_code == 2
    assert "[intake] folder" in result.stderr


def test_the_scheduler_has_the_intake_job_only_with_a_folder(ws, drop, tmp_path):
    from tracker.scheduler import JOB_INTAKE, build

    _, config = drop
    with_folder = build(config, str(config.path), ws.url, background=True)
    assert with_folder.get_job(JOB_INTAKE) is not None
    plain = tmp_path / "plain.toml"
    plain.write_text(f'[database]\nurl = "{ws.url}"\n', encoding="utf-8")
    without = build(load_config(plain), str(plain), ws.url, background=True)
    assert without.get_job(JOB_INTAKE) is None


def test_extract_of_a_pdf_says_where_its_text_came_from(ws, tmp_path):
    from tests.makers import Official, font_path, official_pdf

    if font_path() is None:
        pytest.skip("DejaVu Serif is not installed")
    doc = Official(
        paragraphs=(
            "Đề nghị Công an huyện kiểm tra các điểm có nguy cơ cháy cao, hoàn thành trước "
            "ngày 15/4/2024.",
        ),
    )
    pdf = official_pdf(doc, tmp_path / "thong-bao.pdf")
    rows = ws.jsonl("extract", str(pdf))
    assert rows
    assert {r["source"] for r in rows} == {"pdf"}
    assert any(r["deadline"] == "2024-04-15" for r in rows)
