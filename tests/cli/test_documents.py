"""Documents (issue 16 item 5): trivially different copies are one document, the same
số/ký hiệu twice is flagged, and ``tracker documents list|show|delete|restore`` takes a
wrong ingest back without destroying anything. On SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest

from tracker.store.models import Event, Notification


def _variants(text: str) -> dict[str, str]:
    return {
        "crlf.txt": text.replace("\n", "\r\n"),
        "trailing-newlines.txt": text + "\n\n\n",
        "nbsp.txt": text.replace("Hạt Kiểm lâm", "Hạt\u00a0Kiểm lâm", 1),
        "double-spaces.txt": text.replace("kiện toàn", "kiện  toàn"),
        "trailing-spaces.txt": "\n".join(line + "  " for line in text.split("\n")),
        "zero-width.txt": text.replace("Công an", "Công\u200b an", 1),
    }


def test_copies_differing_in_line_ends_and_spaces_are_one_document(ingested, tmp_path):
    text = ingested.document.read_text(encoding="utf-8")
    files = []
    for name, variant in _variants(text).items():
        path = tmp_path / name
        path.write_bytes(variant.encode("utf-8"))
        files.append(str(path))
    before = ingested.counts()
    rows = ingested.jsonl("ingest", *files)
    assert [(r["doc"], r["document_id"], r["duplicate"]) for r in rows] == [
        (name, 1, True) for name in _variants(text)
    ]
    assert ingested.counts() == before


def _twin(ingested, tmp_path):
    """Another text under the same số/ký hiệu and issuer (a revised copy)."""
    text = ingested.document.read_text(encoding="utf-8")
    twin = tmp_path / "ban-sua.txt"
    twin.write_text(text.replace("trước ngày 25/3/2024", "trước ngày 28/3/2024"), encoding="utf-8")
    return twin


def test_same_number_and_issuer_is_stored_and_flagged(ingested, tmp_path):
    result = ingested.run("ingest", str(_twin(ingested, tmp_path)), "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    (row,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert (row["document_id"], row["duplicate"], row["likely_duplicate_of"]) == (2, False, 1)
    warning = [line for line in result.stderr.splitlines() if "Cảnh báo" in line]
    assert len(warning) == 1
    assert "văn bản mã 1" in warning[0]
    assert "tracker documents delete 2" in warning[0]
    (shown,) = ingested.jsonl("documents", "show", "2")
    kinds = [e["kind"] for e in shown["events"]]
    assert kinds == ["ingested", "likely_duplicate"]
    assert all(e["actor"].startswith("cli:") for e in shown["events"])


def test_a_different_number_is_not_flagged(ingested, tmp_path):
    text = _twin(ingested, tmp_path).read_text(encoding="utf-8").replace("85/TB-VP", "86/TB-VP")
    other = tmp_path / "khac.txt"
    other.write_text(text, encoding="utf-8")
    (row,) = ingested.jsonl("ingest", str(other))
    assert row["likely_duplicate_of"] is None


def _everything(ws, day: str = "2024-04-20") -> dict[str, object]:
    return {
        "tasks": ws.jsonl("tasks", "--as-of", day),
        "overdue": ws.jsonl("overdue", "--as-of", day),
        "stats": ws.jsonl("stats", "--from", "2024-01-01", "--to", day),
        "unresolved": ws.jsonl("units", "unresolved"),
        "review": ws.jsonl("review"),
        "documents": ws.jsonl("documents", "list"),
    }


def test_delete_takes_every_task_out_and_restore_brings_it_back(ingested, tmp_path):
    assert ingested.run("done", "1", "--unit", "Xã An Bình", "--on", "2024-03-22").exit_code == 0
    before = _everything(ingested)
    assert before["tasks"]
    assert before["overdue"]
    assert before["stats"]
    result = ingested.run("documents", "delete", "1", "--reason", "lưu nhầm")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "tracker documents restore 1" in result.stderr
    gone = _everything(ingested)
    assert gone == {k: [] for k in before}
    export = tmp_path / "qua-han.json"
    exported = ingested.run("export", "overdue", "--format", "json", "--output", str(export))
    assert exported.exit_code == 0, exported.stderr
    assert json.loads(export.read_text(encoding="utf-8")) == []
    check = ingested.run("check", "--as-of", "2024-06-02")
    assert check.exit_code == 0  # nobody is overdue: the document obliges no one
    assert ingested.count(Notification) == 0
    listed = ingested.jsonl("documents", "list", "--all")
    assert [(d["document_id"], d["deleted_at"] is not None) for d in listed] == [(1, True)]
    # nothing destroyed; the history says who and why
    (shown,) = ingested.jsonl("documents", "show", "1")
    assert shown["tasks"]
    assert shown["deleted_at"]
    deleted = [e for e in shown["events"] if e["kind"] == "document_deleted"]
    assert deleted[0]["detail"] == "lưu nhầm"
    assert deleted[0]["actor"].startswith("cli:")
    assert ingested.run("documents", "restore", "1").exit_code == 0
    assert _everything(ingested) == before


def _period_units(ws, path) -> list[dict]:
    args = ["export", "period", "--period", "2024-Q1", "--format", "json", "--force"]
    result = ws.run(*args, "--output", str(path), "--as-of", "2024-04-20")
    assert result.exit_code == 0, result.stderr
    return json.loads(path.read_text(encoding="utf-8"))["units"]


def test_the_periodic_report_leaves_a_deleted_documents_work_out(ingested, tmp_path):
    """'Given in the period' counts the same assignments as the totals: a deleted
    document's tasks leave both (else 'carried over' = total − given goes negative)."""
    report = tmp_path / "quy-1.json"
    before = _period_units(ingested, report)
    assert before
    second = tmp_path / "86-tb-vp.txt"
    text = ingested.document.read_text(encoding="utf-8")
    second.write_text(text.replace("Số: 85/TB-VP", "Số: 86/TB-VP"), encoding="utf-8")
    (stored,) = ingested.jsonl("ingest", str(second), "--confirm")
    with_second = _period_units(ingested, report)
    assert sum(u["assigned"] for u in with_second) > sum(u["assigned"] for u in before)
    deleted = ingested.run("documents", "delete", str(stored["document_id"]))
    assert deleted.exit_code == 0, deleted.stderr
    assert _period_units(ingested, report) == before


def test_queued_reminders_of_a_deleted_document_are_not_sent(ingested, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(f'[notify]\noutbox = "{tmp_path / "outbox"}"\n', encoding="utf-8")
    assert ingested.run("check", "--as-of", "2024-04-20").exit_code == 1
    assert ingested.count(Notification) > 0
    assert ingested.run("documents", "delete", "1").exit_code == 0
    sent = ingested.run("send", "--config", str(config), "--format", "jsonl")
    assert sent.exit_code == 0, sent.stderr
    assert sent.stdout == ""
    assert not list((tmp_path / "outbox").glob("*.eml"))


def test_the_outbox_shows_a_deleted_documents_reminders_as_withdrawn(ingested):
    assert ingested.run("check", "--as-of", "2024-04-20").exit_code == 1
    queued = ingested.jsonl("outbox", "list", "--format", "jsonl")
    assert queued
    assert {row["state"] for row in queued} == {"queued"}
    assert ingested.run("documents", "delete", "1").exit_code == 0
    assert ingested.jsonl("outbox", "list", "--format", "jsonl") == []  # nothing will go
    withdrawn = ingested.jsonl("outbox", "list", "--state", "withdrawn", "--format", "jsonl")
    assert [row["id"] for row in withdrawn] == [row["id"] for row in queued]
    table = ingested.run("outbox", "list", "--state", "withdrawn")
    assert "văn bản đã xóa" in table.stdout
    assert ingested.run("documents", "restore", "1").exit_code == 0
    assert ingested.jsonl("outbox", "list", "--format", "jsonl") == queued


def test_ingesting_a_deleted_document_again_points_to_restore(ingested):
    ingested.run("documents", "delete", "1")
    before = ingested.counts()
    result = ingested.run("ingest", str(ingested.document), "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["duplicate"] is True
    assert "tracker documents restore 1" in result.stderr
    assert ingested.counts() == before


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("documents", "delete", "9"), "không có văn bản mã 9"),
        (("documents", "show", "9"), "không có văn bản mã 9"),
        (("documents", "restore", "1"), "chưa bị xóa"),
        (("documents", "delete", str(2**31)), "không hợp lệ"),
        (("documents", "delete", "0"), "không hợp lệ"),
        (("documents", "list", "--format", "xml"), "định dạng không hỗ trợ"),
        (("documents", "delete", "1", "--reason", "x" * 2001), "quá dài"),
    ],
    ids=lambda v: " ".join(v)[:40] if isinstance(v, tuple) else None,
)
def test_documents_bad_input_is_one_line_exit_2_and_writes_nothing(ingested, args, needle):
    before = ingested.counts()
    result = ingested.run(*args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert needle in result.stderr
    assert ingested.counts() == before


def test_a_deleted_documents_tasks_cannot_be_changed(ingested):
    ingested.run("documents", "delete", "1")
    events = ingested.count(Event)
    for args in (("done", "3", "--on", "2024-04-10"), ("extend", "3", "--to", "2024-08-01")):
        result = ingested.run(*args)
        assert result.exit_code == 2
        assert "đã xóa" in result.stderr
    again = ingested.run("documents", "delete", "1")
    assert again.exit_code == 2
    assert "đã xóa" in again.stderr
    assert ingested.count(Event) == events
