"""Extensions granted on a day (issue 16 item 7) and one set of value limits, the same
on SQLite and PostgreSQL (item 8): each impossible value is one Vietnamese line,
exit 2, nothing written."""

from __future__ import annotations

import json

import pytest


def _lead(rows: list[dict], task_id: int) -> dict | None:
    return next((r for r in rows if r["task_id"] == task_id and r["role"] == "lead"), None)


def test_an_extension_granted_today_does_not_change_earlier_days(ingested, tmp_path):
    """Issue 16 item 7: 'deadline 20/04 and 6 days overdue' on 16/04 is a contradiction."""
    result = ingested.run("extend", "2", "--to", "2024-04-25")  # granted today (2026)
    assert result.exit_code == 0, result.stderr
    late = _lead(ingested.jsonl("overdue", "--as-of", "2024-04-17"), 2)
    assert late is not None
    assert (late["deadline"], late["status"], late["days_overdue"]) == ("2024-04-15", "overdue", 2)
    listed = _lead(ingested.jsonl("tasks", "--as-of", "2024-04-17"), 2)
    assert listed == late
    out = tmp_path / "qua-han.json"
    assert (
        ingested.run(
            "export", "overdue", "--format", "json", "--output", str(out), "--as-of", "2024-04-17"
        ).exit_code
        == 0
    )
    exported = [r for r in json.loads(out.read_text(encoding="utf-8")) if r["task_id"] == 2]
    assert [r["deadline"] for r in exported] == ["2024-04-15"]


def test_granted_on_is_the_day_the_new_deadline_counts_from(ingested):
    result = ingested.run("extend", "2", "--to", "2024-04-25", "--granted-on", "2024-04-10")
    assert result.exit_code == 0, result.stderr
    assert "10/04/2024" in result.stderr
    assert _lead(ingested.jsonl("overdue", "--as-of", "2024-04-17"), 2) is None
    then = _lead(ingested.jsonl("tasks", "--as-of", "2024-04-17"), 2)
    assert (then["deadline"], then["original_deadline"], then["status"]) == (
        "2024-04-25",
        "2024-04-15",
        "open",
    )
    before = _lead(ingested.jsonl("tasks", "--as-of", "2024-04-09"), 2)
    assert (before["deadline"], before["status"]) == ("2024-04-15", "open")
    (extended,) = [e for e in ingested.jsonl("history", "2") if e["kind"] == "extended"]
    assert (extended["on"], extended["new_deadline"]) == ("2024-04-10", "2024-04-25")
    assert extended["unit"] == "Hạt Kiểm lâm"


def test_search_matches_percent_and_underscore_literally(ingested):
    assert ingested.jsonl("tasks", "--search", "cháy", "--as-of", "2024-04-01")
    for pattern in ("%", "_", "ch_y", "%cháy"):
        assert ingested.jsonl("tasks", "--search", pattern, "--as-of", "2024-04-01") == [], pattern


TOO_LONG = "Xã " + "Rất Dài " * 40  # 323 characters


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("done", "1", "--unit", "Xã An Bình", "--on", "2030-01-01"), "tương lai"),
        (("done", "1", "--unit", "Xã An Bình", "--on", "2024-03-01"), "trước ngày văn bản"),
        (("done", "1", "--unit", "Xã An Bình", "--note", "x" * 2001), "quá dài"),
        (("extend", "2", "--to", "9999-12-31"), "ngoài khoảng"),
        (("extend", "2", "--to", "2035-01-01", "--as-of", "2024-04-18"), "quá xa"),
        (("extend", "2", "--to", "2024-05-15", "--granted-on", "2024-03-01"), "trước ngày văn bản"),
        (
            (
                "extend",
                "2",
                "--to",
                "2024-05-15",
                "--granted-on",
                "2024-05-01",
                "--as-of",
                "2024-04-18",
            ),
            "tương lai",
        ),
        (("extend", "2", "--to", "2024-05-15", "--by", "1" * 101), "quá dài"),
        (("tasks", "--as-of", "9999-12-31"), "ngoài khoảng"),
        (("overdue", "--as-of", "1900-01-01"), "ngoài khoảng"),
        (("check", "--as-of", "9999-12-31"), "ngoài khoảng"),
        (("stats", "--to", "9999-12-31"), "ngoài khoảng"),
        (("tasks", "--due-before", "9999-12-31"), "ngoài khoảng"),
        (("tasks", "--search", "x" * 201), "quá dài"),
        (("show", "2147483648"), "không hợp lệ"),
        (("history", "0"), "không hợp lệ"),
        (("done", "99999999999", "--on", "2024-03-22"), "không hợp lệ"),
        (("extend", "2147483648", "--to", "2024-05-15"), "không hợp lệ"),
        (("reopen", "2147483648"), "không hợp lệ"),
        (("review", "accept", "2147483648"), "không hợp lệ"),
        (("review", "edit", "8", "--deadline", "2099-01-01"), "ngoài khoảng"),
        (("units", "add", TOO_LONG, "--kind", "xã"), "quá dài"),
        (("units", "add", "Xã Mới", "--kind", "xã", "--email", "a" * 250 + "@b.vn"), "quá dài"),
        (("units", "alias", "Xã An Bình", TOO_LONG), "quá dài"),
        (
            ("export", "overdue", "--format", "ics", "--output", "x.ics", "--as-of", "9999-12-31"),
            "ngoài khoảng",
        ),
    ],
    ids=lambda v: " ".join(v)[:60] if isinstance(v, tuple) else None,
)
def test_impossible_values_are_one_line_exit_2_and_write_nothing(ingested, args, needle):
    before = ingested.counts()
    result = ingested.run(*args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert needle in result.stderr
    assert "Traceback" not in result.stderr
    assert ingested.counts() == before


def test_a_registry_file_with_a_name_too_long_is_refused_whole(ws, tmp_path):
    bad = tmp_path / "dai.csv"
    bad.write_text(
        f"name,kind,parent,aliases,email\nXã Mới,xã,,,\n{TOO_LONG},xã,,,\n", encoding="utf-8"
    )
    before = ws.counts()
    result = ws.run("units", "import", str(bad))
    assert result.exit_code == 2
    assert "dòng 3" in result.stderr
    assert "quá dài" in result.stderr
    assert ws.counts() == before


def test_an_extension_typed_as_an_office_says_it(ingested):
    from tracker import dates

    today = dates.today()
    result = ingested.run("extend", "2", "--to", "cuối tháng sau", "--granted-on", "hôm nay")
    assert result.exit_code == 0, result.stderr
    (extended,) = [e for e in ingested.jsonl("history", "2") if e["kind"] == "extended"]
    following = dates.add_months(today.replace(day=1), 1)
    assert extended["on"] == today.isoformat()
    assert (
        extended["new_deadline"] == dates.end_of_month(following.year, following.month).isoformat()
    )
    refused = ingested.run("extend", "2", "--to", "tuần sau nữa đi")
    assert refused.exit_code == 2
    assert "Ngày không hợp lệ" in refused.stderr
