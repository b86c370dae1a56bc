"""Every route and every role, allowed and refused (Starlette TestClient, SQLite),
and the whole job of each role through the HTTP API; a smoke on PostgreSQL."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from tests.web.conftest import ACCOUNTS, Site, csrf_of, login, post
from tracker import dates
from tracker.store.models import Assignment, Event, ExtensionRequest, Task
from tracker.web.app import routes

KIEMLAM_TASK = 2  # Hạt Kiểm lâm leads it, overdue on 20/04/2024
QUANSU_TASK = 6  # Ban Chỉ huy Quân sự huyện leads it
ROLES = ("admin", "secretariat", "supervisor", "unit")
READERS = {"admin", "secretariat", "supervisor"}
EVERYONE = set(ROLES)

# (method, path, roles allowed): every route of the app is listed (checked below)
MATRIX = [
    ("GET", "/", EVERYONE),
    ("GET", "/van-ban", READERS),
    ("GET", "/van-ban/1", READERS),
    ("GET", "/cho-duyet", {"secretariat"}),
    ("GET", "/nhiem-vu", EVERYONE),
    ("GET", f"/nhiem-vu/{KIEMLAM_TASK}", EVERYONE),
    ("GET", "/don-vi", READERS),
    ("GET", "/bao-cao", READERS),
    ("GET", "/bao-cao/qua-han?format=csv", READERS),
    ("GET", "/tai-khoan", {"admin"}),
    ("POST", "/van-ban/xem-truoc", {"secretariat"}),
    ("POST", "/van-ban/luu", {"secretariat"}),
    ("POST", "/cho-duyet", {"secretariat"}),
    ("POST", "/cho-duyet/1/sua", {"secretariat"}),
    ("POST", "/gia-han/1", {"secretariat"}),
    ("POST", f"/nhiem-vu/{KIEMLAM_TASK}/hoan-thanh", {"secretariat", "unit"}),
    ("POST", f"/nhiem-vu/{KIEMLAM_TASK}/gia-han", {"secretariat"}),
    ("POST", f"/nhiem-vu/{KIEMLAM_TASK}/mo-lai", {"secretariat"}),
    ("POST", f"/nhiem-vu/{KIEMLAM_TASK}/xin-gia-han", {"unit"}),
    ("POST", "/don-vi/gan", {"admin", "secretariat"}),
    ("POST", "/don-vi/them", {"admin"}),
    ("POST", "/tai-khoan", {"admin"}),
]
PUBLIC = {"/dang-nhap", "/dang-xuat", "/lich/{unit_id}/{token}.ics", "/static"}
ACCOUNT_OF = {
    "admin": "quantri",
    "secretariat": "vanphong",
    "supervisor": "lanhdao",
    "unit": "kiemlam",
}


def _shape(path: str) -> str:
    """A path with its ids (and the report kind) as "X": matrix entries meet routes."""
    path = path.split("?")[0]
    path = re.sub(r"\{[^}]+\}", "X", path)
    path = re.sub(r"/\d+", "/X", path)
    return re.sub(r"^/bao-cao/[a-z-]+$", "/bao-cao/X", path)


def test_the_matrix_covers_every_route():
    listed = {(method, _shape(path)) for method, path, _ in MATRIX}
    for route in routes():
        if route.path in PUBLIC:
            continue
        for method in sorted(set(getattr(route, "methods", None) or ()) - {"HEAD"}):
            assert (method, _shape(route.path)) in listed, f"{method} {route.path} not in MATRIX"


@pytest.mark.parametrize(("method", "path", "allowed"), MATRIX, ids=lambda v: str(v))
def test_anonymous_is_sent_to_login_or_refused(site, method, path, allowed):
    client = site.client()
    if method == "GET":
        response = client.get(path)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/dang-nhap?next=")
    else:
        token = csrf_of(client)
        response = client.post(path, data={"csrf": token})
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_each_role_is_allowed_or_refused_on_every_route(site, role):
    client = site.client(ACCOUNT_OF[role])
    for method, path, allowed in MATRIX:
        response = client.get(path) if method == "GET" else post(client, path, {})
        if role in allowed:
            assert response.status_code in (200, 303), (role, method, path, response.status_code)
        else:
            assert response.status_code == 403, (role, method, path, response.status_code)
            assert "quyền" in response.text


def test_a_unit_reading_another_units_task_gets_404(site):
    client = site.client("kiemlam")
    assert client.get(f"/nhiem-vu/{KIEMLAM_TASK}").status_code == 200
    assert client.get(f"/nhiem-vu/{QUANSU_TASK}").status_code == 404
    assert client.get("/nhiem-vu/999999").status_code == 404
    refused = post(client, f"/nhiem-vu/{QUANSU_TASK}/hoan-thanh", {"note": "xong"})
    assert refused.status_code == 404
    with site.ctx.read() as session:
        done = session.scalars(
            select(Assignment.done_on).where(Assignment.task_id == QUANSU_TASK)
        ).all()
    assert done == [None]
    listing = client.get("/nhiem-vu").text
    assert "Hạt Kiểm lâm" in listing
    assert "Ban Chỉ huy Quân sự huyện" not in listing
    assert "Xã An Bình" not in listing
    # the unit filter cannot be widened from the query string
    assert "Xã An Bình" not in client.get("/nhiem-vu?unit=Xã An Bình").text


LATE_ROW = re.compile(
    rf'<td><a href="/nhiem-vu/{KIEMLAM_TASK}">{KIEMLAM_TASK}</a></td>\s*<td>Hạt Kiểm lâm</td>'
)


def test_unit_marks_done_and_it_leaves_the_overdue_list(site):
    supervisor = site.client("lanhdao")
    assert LATE_ROW.search(supervisor.get("/nhiem-vu?status=overdue").text)
    unit = site.client("kiemlam")
    done = post(unit, f"/nhiem-vu/{KIEMLAM_TASK}/hoan-thanh", {"note": "Đã gửi báo cáo"})
    assert done.status_code == 303
    assert not LATE_ROW.search(supervisor.get("/nhiem-vu?status=overdue").text)
    with site.ctx.read() as session:
        event = session.scalars(select(Event).where(Event.kind == "done")).one()
    assert event.actor == "web:kiemlam"
    assert event.detail == "Đã gửi báo cáo"


def test_extension_request_accepted_and_refused(site):
    unit = site.client("kiemlam")
    asked = post(
        unit, f"/nhiem-vu/{KIEMLAM_TASK}/xin-gia-han", {"to": "2024-05-15", "reason": "Chờ số liệu"}
    )
    assert asked.status_code == 303
    secretariat = site.client("vanphong")
    queue = secretariat.get("/cho-duyet").text
    assert "Chờ số liệu" in queue
    with site.ctx.read() as session:
        request_id = session.scalars(select(ExtensionRequest.id)).one()
    accepted = post(secretariat, f"/gia-han/{request_id}", {"action": "accept", "by": "12/VP-UBND"})
    assert accepted.status_code == 303
    with site.ctx.read() as session:
        lead = session.scalars(
            select(Assignment).where(Assignment.task_id == KIEMLAM_TASK, Assignment.role == "lead")
        ).one()
        kinds = session.scalars(select(Event.actor).where(Event.kind == "extended")).all()
    assert lead.deadline.isoformat() == "2024-05-15"
    assert kinds == ["web:vanphong"]
    # a second request, refused: the deadline stays
    post(unit, f"/nhiem-vu/{KIEMLAM_TASK}/xin-gia-han", {"to": "2024-06-15", "reason": "Thêm"})
    with site.ctx.read() as session:
        second = max(session.scalars(select(ExtensionRequest.id)).all())
    post(secretariat, f"/gia-han/{second}", {"action": "refuse", "answer": "Không đủ lý do"})
    with site.ctx.read() as session:
        lead = session.get(Assignment, lead.id)
        refused = session.scalars(select(Event).where(Event.kind == "extension_refused")).one()
    assert lead.deadline.isoformat() == "2024-05-15"
    assert refused.actor == "web:vanphong"
    assert "Không đủ lý do" in unit.get(f"/nhiem-vu/{KIEMLAM_TASK}").text


def test_extension_request_needs_a_reason_and_a_later_day(site):
    unit = site.client("kiemlam")
    for data, words in [
        ({"to": "2024-05-15", "reason": ""}, "lý do"),
        ({"to": "2024-04-01", "reason": "x"}, "phải sau"),
    ]:
        response = post(unit, f"/nhiem-vu/{KIEMLAM_TASK}/xin-gia-han", data, follow_redirects=True)
        assert words in response.text
    with site.ctx.read() as session:
        assert session.scalars(select(ExtensionRequest)).all() == []


def test_secretariat_extends_reopens_and_events_name_the_user(site):
    client = site.client("vanphong")
    post(client, f"/nhiem-vu/{KIEMLAM_TASK}/hoan-thanh", {"unit": "Hạt Kiểm lâm"})
    post(client, f"/nhiem-vu/{KIEMLAM_TASK}/mo-lai", {"unit": "Hạt Kiểm lâm", "reason": "nhầm"})
    post(
        client,
        f"/nhiem-vu/{KIEMLAM_TASK}/gia-han",
        {"unit": "Hạt Kiểm lâm", "to": "2024-05-30", "by": "15/VP"},
    )
    page = client.get(f"/nhiem-vu/{KIEMLAM_TASK}").text
    for word in ("hoàn thành", "mở lại", "gia hạn", "web:vanphong", "30/05/2024"):
        assert word in page
    with site.ctx.read() as session:
        actors = set(
            session.scalars(
                select(Event.actor).where(Event.kind.in_(("done", "reopened", "extended")))
            )
        )
    assert actors == {"web:vanphong"}


def test_review_accept_and_reject_by_selection(empty_site):
    from tracker.app.documents import ingest_documents
    from tracker.load import load_document

    ingest_documents(empty_site.ctx, [load_document(empty_site.document)], actor="test")
    client = empty_site.client("vanphong")
    page = client.get("/cho-duyet").text
    ids = [int(i) for i in re.findall(r'name="task" value="(\d+)"', page)]
    assert len(ids) == 8
    accepted = post(client, "/cho-duyet", {"action": "accept", "task": [str(i) for i in ids[:3]]})
    assert accepted.status_code == 303
    post(client, "/cho-duyet", {"action": "reject", "task": str(ids[3])})
    edited = post(
        client, f"/cho-duyet/{ids[4]}/sua", {"owner": "Công an huyện", "deadline": "2024-05-02"}
    )
    assert edited.status_code == 303
    with empty_site.ctx.read() as session:
        states = dict(session.execute(select(Task.id, Task.review)).all())
        owner = session.scalars(
            select(Assignment.owner_text).where(
                Assignment.task_id == ids[4], Assignment.role == "lead"
            )
        ).all()
    assert [states[i] for i in ids[:5]] == ["confirmed"] * 3 + ["rejected", "draft"]
    assert owner == ["Công an huyện"]


def test_upload_preview_correct_and_save(empty_site):
    client = empty_site.client("vanphong")
    with empty_site.document.open("rb") as handle:
        shown = post(
            client, "/van-ban/xem-truoc", files={"file": ("thong_bao.txt", handle, "text/plain")}
        )
    assert shown.status_code == 200
    assert shown.text.count('<mark class="owner"') >= 6
    assert '<mark class="deadline"' in shown.text
    form = _preview_form(shown.text)
    assert form["count"] == "8"
    form["owner-5"] = "Công an huyện"  # the extractor said Ban Chỉ huy Quân sự huyện
    form["confirm"] = "1"
    saved = client.post("/van-ban/luu", data=form)
    assert saved.status_code == 303
    page = client.get(saved.headers["location"]).text
    assert "Đã lưu văn bản: 8 nhiệm vụ, sửa 1, duyệt 8" in page
    with empty_site.ctx.read() as session:
        task = session.scalars(select(Task).where(Task.ordinal == 5)).one()
        owners = [a.owner_text for a in task.assignments if a.role == "lead"]
        ingest = session.scalars(select(Event.actor).where(Event.kind == "ingested")).all()
    assert owners == ["Công an huyện"]
    assert task.review == "confirmed"
    assert set(ingest) <= {"web:vanphong"}
    again = client.post("/van-ban/luu", data=form, follow_redirects=True)
    assert "đã có" in again.text


def test_a_tampered_preview_is_refused(empty_site):
    client = empty_site.client("vanphong")
    shown = post(
        client,
        "/van-ban/xem-truoc",
        {"text": "1. Giao Công an huyện báo cáo trước ngày 30/4/2024."},
    )
    form = _preview_form(shown.text)
    form["document"] = form["document"][:-3] + "AAA"
    refused = client.post("/van-ban/luu", data=form, follow_redirects=True)
    assert "hết hạn" in refused.text
    with empty_site.ctx.read() as session:
        assert session.scalars(select(Task)).all() == []


def _preview_form(html: str) -> dict:
    import html as html_lib

    fields = {
        name: html_lib.unescape(value)
        for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html)
    }
    fields.pop("confirm", None)
    return fields


def test_unresolved_owner_resolved_in_one_click(empty_site):
    client = empty_site.client("vanphong")
    text = (
        "UBND HUYỆN AN HÒA\n\nTHÔNG BÁO\n\n"
        "1. Đề nghị Trung tâm Phát triển quỹ đất huyện hoàn thành hồ sơ trước ngày 15/5/2024.\n"
    )
    shown = post(client, "/van-ban/xem-truoc", {"text": text, "name": "tb.txt"})
    assert "Chưa có trong danh mục" in shown.text
    form = _preview_form(shown.text)
    form["confirm"] = "1"
    client.post("/van-ban/luu", data=form)
    units = client.get("/don-vi").text
    owner = re.search(r'name="owner" value="([^"]+)"', units).group(1)
    done = post(
        client, "/don-vi/gan", {"owner": owner, "unit": "Phòng Nông nghiệp và Phát triển nông thôn"}
    )
    assert done.status_code == 303
    with empty_site.ctx.read() as session:
        row = session.scalars(select(Assignment)).one()
        kinds = session.scalars(select(Event.kind).where(Event.actor == "web:vanphong")).all()
    assert row.unit_id is not None
    assert "owner_resolved" in kinds
    assert "alias_added" in kinds
    assert "Mọi tên chủ trì đều đã khớp" in client.get("/don-vi").text


def test_dashboard_counts_chart_and_late_units(site):
    page = site.client("lanhdao").get("/?from=2024-01-01&to=2024-04-20").text
    assert "Tổng quan ngày 20/04/2024" in page
    assert "<svg" in page
    assert "Đơn vị quá hạn" in page
    assert "Hạt Kiểm lâm" in page
    overdue = re.search(r'<span class="n">(\d+)</span> Quá hạn', page)
    assert overdue is not None
    assert int(overdue.group(1)) > 0
    # a unit account goes to its task list
    assert site.client("kiemlam").get("/").headers["location"] == "/nhiem-vu"


def test_task_list_filters_sort_and_pages(site):
    client = site.client("vanphong")
    page = client.get("/nhiem-vu?status=overdue&sort=don-vi&dir=desc").text
    units = re.findall(
        r'<tr class="s-overdue">\s*<td><a href="/nhiem-vu/\d+">\d+</a></td>\s*<td>([^<]+)', page
    )
    assert units
    assert units == sorted(units, key=str.casefold, reverse=True)
    assert "Trang sau" not in page
    bad = client.get("/nhiem-vu?from=31/02/2024").text
    assert "không hợp lệ" in bad
    dated = client.get("/nhiem-vu?from=2024-04-01&to=2024-04-30").text
    assert "15/04/2024" in dated
    assert "25/03/2024" not in dated


def test_documents_list_and_page(site):
    client = site.client("lanhdao")
    listing = client.get("/van-ban").text
    assert "85/TB-VP" in listing
    assert "12/03/2024" in listing
    assert 'action="/van-ban/xem-truoc"' not in listing  # a supervisor uploads nothing
    assert "Kiểm lâm" in client.get("/van-ban/1").text
    assert client.get("/van-ban/999").status_code == 404


def test_accounts_managed_by_the_admin(site):
    client = site.client("quantri")
    added = post(
        client,
        "/tai-khoan",
        {
            "action": "add",
            "name": "moi",
            "role": "supervisor",
            "password": "mot-hai-ba-4",
            "password2": "mot-hai-ba-4",
        },
    )
    assert added.status_code == 303
    assert "moi" in client.get("/tai-khoan").text
    fresh = site.client()
    login(fresh, "moi", "mot-hai-ba-4")
    post(client, "/tai-khoan", {"action": "disable", "name": "moi"})
    # the open session ends at its next request
    assert fresh.get("/nhiem-vu").status_code == 303
    with site.ctx.read() as session:
        actors = session.scalars(select(Event.actor).where(Event.kind.like("user_%"))).all()
    assert "web:quantri" in actors


def test_reports_download_in_every_format(site):
    import shutil

    from tracker.web.exports import OVERDUE_FORMATS

    client = site.client("lanhdao")
    formats = [f for f in OVERDUE_FORMATS if f != "pdf" or shutil.which("soffice")]
    for fmt in formats:
        response = client.get(f"/bao-cao/qua-han?format={fmt}&as_of=2024-04-20")
        assert response.status_code == 200, (fmt, response.text[:200])
        assert f".{fmt}" in response.headers["content-disposition"]
        assert response.content
    docx = client.get("/bao-cao/qua-han?format=docx")
    assert docx.content.startswith(b"PK")
    for fmt in ("xlsx", "csv", "json", "docx", "html"):
        response = client.get(f"/bao-cao/bang-diem?format={fmt}&from=2024-01-01&to=2024-04-20")
        assert response.status_code == 200, fmt
        response = client.get(f"/bao-cao/dinh-ky?format={fmt}&period=2024-Q1")
        assert response.status_code == 200, fmt
    refused = client.get("/bao-cao/qua-han?format=exe", follow_redirects=True)
    assert "định dạng không hỗ trợ" in refused.text


def test_unit_calendar_by_its_secret_url(site):
    page = site.client("vanphong").get("/bao-cao").text
    url = re.search(r'value="http://testserver(/lich/2/[0-9a-f]+\.ics)"', page).group(1)
    anonymous = site.client()
    calendar = anonymous.get(url)
    assert calendar.status_code == 200
    assert calendar.headers["content-type"].startswith("text/calendar")
    assert b"BEGIN:VCALENDAR" in calendar.content
    assert b"task-2-unit-2@tracker" in calendar.content
    assert anonymous.get(url.replace("/lich/2/", "/lich/3/")).status_code == 404
    assert anonymous.get(url[:-8] + "0000.ics").status_code == 404


@pytest.mark.postgres
def test_smoke_on_postgresql(fresh_pg_url, tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_SECRET_KEY", "test-secret-key-not-for-production")
    pg = Site(fresh_pg_url, tmp_path)
    pg.ingest()
    client = pg.client("lanhdao")
    assert "Tổng quan" in client.get("/").text
    assert LATE_ROW.search(client.get("/nhiem-vu?status=overdue").text)
    unit = pg.client("kiemlam")
    assert post(unit, f"/nhiem-vu/{KIEMLAM_TASK}/hoan-thanh", {"note": "xong"}).status_code == 303
    assert not LATE_ROW.search(client.get("/nhiem-vu?status=overdue").text)
    assert client.get("/bao-cao/qua-han?format=xlsx").status_code == 200
    pg.ctx.engine.dispose()


def test_accounts_fixture_has_every_role():
    assert {role for role, _ in ACCOUNTS.values()} == set(ROLES)


@pytest.mark.parametrize("sort", ["han", "don-vi", "trang-thai", "nhiem-vu", "van-ban", "qua-han"])
@pytest.mark.parametrize("descending", [False, True])
def test_pages_cut_in_sql_hold_the_same_rows_as_the_whole_list(site, sort, descending):
    from tracker.app.tasks import list_assignments, page_assignments

    today = site.ctx.today()
    everything = list_assignments(site.ctx, as_of=today)
    seen, total = [], None
    for offset in range(0, len(everything) + 5, 5):
        rows, total = page_assignments(
            site.ctx, as_of=today, offset=offset, limit=5, sort=sort, descending=descending
        )
        seen += rows
    assert total == len(everything)
    key = lambda r: (r.row.assignment_id, r.status, r.days_overdue)  # noqa: E731
    assert sorted(map(key, seen)) == sorted(map(key, everything))
    # the same page as of another day is judged in Python: same rows and order kind
    past, past_total = page_assignments(
        site.ctx, as_of=date(2024, 4, 19), offset=0, limit=100, sort=sort, descending=descending
    )
    assert past_total == len(list_assignments(site.ctx, as_of=date(2024, 4, 19)))
    assert len(past) == past_total
    if sort == "han":
        deadlines = [r.row.deadline for r in seen if r.row.deadline is not None]
        assert deadlines == sorted(deadlines, reverse=descending)


def test_the_list_pages_through_the_web(site):
    client = site.client("vanphong")
    first = client.get("/nhiem-vu?sort=nhiem-vu").text
    assert "18 lượt giao việc; trang 1/1." in first
    ids = [int(i) for i in re.findall(r'<td><a href="/nhiem-vu/(\d+)">', first)]
    assert ids == sorted(ids)
    unit = site.client("kiemlam").get("/nhiem-vu").text
    assert "3 lượt giao việc" in unit


def test_the_dashboard_is_made_again_after_a_change(site):
    from starlette.testclient import TestClient

    app = site.app()  # one worker: its dashboard figures are kept a minute
    supervisor = TestClient(app, follow_redirects=False)
    unit = TestClient(app, follow_redirects=False)
    login(supervisor, "lanhdao")
    login(unit, "kiemlam")

    def overdue() -> int:
        page = supervisor.get("/").text
        return int(re.search(r'<span class="n">(\d+)</span> Quá hạn', page).group(1))

    before = overdue()
    assert overdue() == before
    assert post(unit, f"/nhiem-vu/{KIEMLAM_TASK}/hoan-thanh", {"note": "xong"}).status_code == 303
    assert overdue() == before - 1


def test_a_unit_sees_its_own_calendar_url_only(site):
    page = site.client("kiemlam").get("/nhiem-vu").text
    assert "<title>Nhiệm vụ — tracker</title>" in page  # the title holds no markup
    assert page.count("Lịch hạn của đơn vị") == 1
    url = re.search(r'value="http://testserver(/lich/(\d+)/[0-9a-f]+\.ics)"', page)
    assert url is not None
    assert url.group(2) == "2"  # Hạt Kiểm lâm
    assert site.client().get(url.group(1)).status_code == 200
    assert "/lich/" not in site.client("lanhdao").get("/nhiem-vu").text


def test_tracker_serve_refuses_a_bad_port_and_serves(site, tmp_path):
    import subprocess
    import sys
    import time as clock

    import httpx
    from typer.testing import CliRunner

    from tests.web.test_browser import _free_port
    from tracker.cli import app

    bad = CliRunner().invoke(app, ["serve", "--port", "70000", "--db", site.url])
    assert bad.exit_code == 2
    assert "cổng không hợp lệ" in bad.stderr
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tracker", "serve", "--port", str(port), "--db", site.url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(100):
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/dang-nhap", timeout=2)
                break
            except httpx.TransportError:
                clock.sleep(0.1)
        else:
            pytest.fail("tracker serve did not answer")
        assert page.status_code == 200
        assert "Đăng nhập" in page.text
        assert "content-security-policy" in page.headers
        assert "server" not in page.headers
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_admin_adds_a_unit(site):
    client = site.client("quantri")
    added = post(
        client,
        "/don-vi/them",
        {
            "name": "Phòng Tư pháp",
            "kind": "phòng",
            "parent": "UBND huyện An Hòa",
            "aliases": "P. Tư pháp",
            "email": "tuphap@anhoa.example.vn",
        },
    )
    assert added.status_code == 303
    page = client.get("/don-vi").text
    assert "Phòng Tư pháp" in page
    assert "P. Tư pháp" in page
    bad = post(
        client,
        "/don-vi/them",
        {"name": "X", "kind": "phòng", "email": "khong-phai-thu"},
        follow_redirects=True,
    )
    assert "flash error" in bad.text


def test_a_long_list_is_counted_up_to_the_cap(site, monkeypatch):
    from tracker.app import tasks

    monkeypatch.setattr(tasks, "COUNT_CAP", 5)
    rows, total = tasks.page_assignments(site.ctx, as_of=site.ctx.today(), offset=0, limit=3)
    assert total == 6
    assert len(rows) == 3
    page = site.client("vanphong").get("/nhiem-vu").text
    assert "Hơn 5 lượt giao việc" in page
    assert "trang 1/1" in page


def test_days_are_shown_and_typed_as_the_office_writes_them(site):
    unit = site.client("kiemlam")
    page = unit.get(f"/nhiem-vu/{KIEMLAM_TASK}").text
    assert 'type="date"' not in page  # the browser's locale would show mm/dd/yyyy
    assert 'placeholder="dd/mm/yyyy"' in page
    asked = post(
        unit, f"/nhiem-vu/{KIEMLAM_TASK}/xin-gia-han", {"to": "15/05/2024", "reason": "Chờ số liệu"}
    )
    assert asked.status_code == 303
    with site.ctx.read() as session:
        request = session.scalars(select(ExtensionRequest)).one()
    assert request.requested_deadline == date(2024, 5, 15)
    secretariat = site.client("vanphong")
    extended = post(
        secretariat,
        f"/nhiem-vu/{KIEMLAM_TASK}/gia-han",
        {"unit": "Hạt Kiểm lâm", "to": "cuối tháng sau", "by": "15/VP-UBND"},
    )
    assert extended.status_code == 303
    following = dates.add_months(site.ctx.today().replace(day=1), 1)
    with site.ctx.read() as session:
        lead = session.scalars(
            select(Assignment).where(Assignment.task_id == KIEMLAM_TASK, Assignment.role == "lead")
        ).one()
    assert lead.deadline == dates.end_of_month(following.year, following.month)
