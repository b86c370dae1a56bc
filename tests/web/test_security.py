"""Security of the web app, one test (at least) per promise: CSRF on every POST, the
session cookie's flags and signature, the login throttle, uploads (size, sniffing,
names), autoescaping, the Content-Security-Policy, the secret key."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.web.conftest import PASSWORD, csrf_of, login, post
from tests.web.test_routes import KIEMLAM_TASK, MATRIX
from tracker.store.models import Assignment, Document, Task
from tracker.web import security

TEMPLATES = Path(__file__).resolve().parents[2] / "tracker" / "web" / "templates"


def _cookie(response) -> str:
    found = [v for k, v in response.headers.multi_items() if k.lower() == "set-cookie"]
    assert found, "no Set-Cookie"
    return found[-1]


@pytest.mark.parametrize(("method", "path", "allowed"), [m for m in MATRIX if m[0] == "POST"])
def test_every_post_without_the_csrf_token_is_refused(site, method, path, allowed):
    for account in ("vanphong", "kiemlam", "quantri"):
        client = site.client(account)
        assert client.post(path, data={"note": "x"}).status_code == 403
        assert client.post(path, data={"csrf": "forged", "note": "x"}).status_code == 403


def test_a_token_of_another_session_is_refused_and_nothing_is_written(site):
    other = site.client("vanphong")
    client = site.client("kiemlam")
    response = client.post(
        f"/nhiem-vu/{KIEMLAM_TASK}/hoan-thanh", data={"csrf": other.csrf, "note": "x"}
    )
    assert response.status_code == 403
    with site.ctx.read() as session:
        assert session.scalars(select(Assignment.done_on).where(Assignment.task_id == 2)).all() == [
            None,
            None,
        ]


def test_login_itself_needs_the_token(site):
    client = site.client()
    refused = client.post("/dang-nhap", data={"name": "vanphong", "password": PASSWORD})
    assert refused.status_code == 403


def test_session_cookie_flags_over_http_and_https(site):
    plain = site.client()
    cookie = _cookie(login(plain, "vanphong"))
    assert "httponly" in cookie.lower()
    assert "samesite=lax" in cookie.lower()
    assert "secure" not in cookie.lower().replace("httponly", "")
    tls = site.client(base_url="https://testserver")
    assert "; secure" in _cookie(login(tls, "vanphong")).lower()
    forced = site.client(secure_cookies=True)  # behind TLS the app cannot see
    assert "; secure" in _cookie(forced.get("/dang-nhap")).lower()


@pytest.mark.parametrize(("trusted", "secure"), [("*", True), ("10.9.8.7", False)])
def test_x_forwarded_proto_counts_only_from_a_trusted_proxy(site, trusted, secure):
    from starlette.testclient import TestClient
    from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

    client = TestClient(
        ProxyHeadersMiddleware(site.app(), trusted_hosts=trusted), follow_redirects=False
    )
    page = client.get("/dang-nhap", headers={"X-Forwarded-Proto": "https"})
    assert ("; secure" in _cookie(page).lower()) is secure


def test_a_forged_or_foreign_cookie_is_no_session(site):
    client = site.client("vanphong")
    value = client.cookies.get(security.SESSION_COOKIE)
    assert client.get("/cho-duyet").status_code == 200
    client.cookies.set(security.SESSION_COOKIE, value[:-4] + "AAAA")
    assert client.get("/cho-duyet").status_code == 303
    foreign = security.Sessions("another-key").dump({"uid": 2, "role": "secretariat", "csrf": "x"})
    client.cookies.set(security.SESSION_COOKIE, foreign)
    assert client.get("/cho-duyet").status_code == 303


def test_five_failures_from_one_address_wait_fifteen_minutes(site):
    client = site.client()
    for name in ("a", "b", "c", "d", "e"):  # a spray over names counts per address
        token = csrf_of(client)
        refused = client.post("/dang-nhap", data={"csrf": token, "name": name, "password": "x"})
        assert refused.status_code == 401
        assert "sai tên đăng nhập hoặc mật khẩu" in refused.text.lower()
    token = csrf_of(client)
    blocked = client.post(
        "/dang-nhap", data={"csrf": token, "name": "vanphong", "password": PASSWORD}
    )
    assert blocked.status_code == 429
    assert "15 phút" in blocked.text


def test_five_failures_on_one_account_lock_it_from_every_address(site):
    attacker = site.client()
    for _ in range(5):
        token = csrf_of(attacker)
        attacker.post("/dang-nhap", data={"csrf": token, "name": "vanphong", "password": "x"})
    elsewhere = site.client()  # another app instance: a fresh address counter
    token = csrf_of(elsewhere)
    locked = elsewhere.post(
        "/dang-nhap", data={"csrf": token, "name": "vanphong", "password": PASSWORD}
    )
    assert locked.status_code == 401
    assert "tạm khóa" in locked.text


def test_throttle_expires_after_fifteen_minutes():
    now = [1000.0]
    throttle = security.Throttle(clock=lambda: now[0])
    for _ in range(security.MAX_FAILURES):
        assert throttle.wait("10.0.0.1") == 0
        throttle.failed("10.0.0.1")
    assert throttle.wait("10.0.0.1") > 14 * 60
    assert throttle.wait("10.0.0.2") == 0
    now[0] += security.LOCK_SECONDS + 1
    assert throttle.wait("10.0.0.1") == 0


def test_login_does_not_redirect_off_site(site):
    client = site.client()
    token = csrf_of(client)
    response = client.post(
        "/dang-nhap",
        data={"csrf": token, "name": "vanphong", "password": PASSWORD, "next": "//evil.example"},
    )
    assert response.headers["location"] == "/"


def test_an_upload_over_the_cap_is_refused_and_nothing_stored(empty_site):
    client = empty_site.client("vanphong", max_upload=2_000)
    text = ("1. Giao Công an huyện báo cáo trước ngày 30/4/2024.\n" * 80).encode()
    assert len(text) > 2_000
    refused = post(
        client,
        "/van-ban/xem-truoc",
        files={"file": ("lon.txt", text, "text/plain")},
        follow_redirects=True,
    )
    assert "quá lớn" in refused.text
    huge = client.post(
        "/van-ban/xem-truoc",
        content=b"x",
        headers={
            "content-length": str(50_000_000),
            "content-type": "multipart/form-data; boundary=x",
        },
    )
    assert huge.status_code == 413
    with empty_site.ctx.read() as session:
        assert session.scalars(select(Document)).all() == []


def test_an_upload_is_read_by_its_content_not_its_name(empty_site):
    client = empty_site.client("vanphong")
    gif = post(
        client,
        "/van-ban/xem-truoc",
        files={"file": ("thong-bao.txt", b"GIF89a\x01\x00\x01\x00", "text/plain")},
        follow_redirects=True,
    )
    assert "là ảnh GIF" in gif.text
    fake = post(
        client,
        "/van-ban/xem-truoc",
        files={"file": ("bao-cao.docx", b"PK\x03\x04 not a zip at all", "application/zip")},
        follow_redirects=True,
    )
    assert "flash error" in fake.text


def test_an_upload_is_never_written_under_its_name(empty_site, tmp_path):
    client = empty_site.client("vanphong")
    body = "1. Giao Công an huyện báo cáo trước ngày 30/4/2024.\n".encode()
    shown = post(
        client,
        "/van-ban/xem-truoc",
        files={"file": ("../../etc/zz-evil-name.txt", body, "text/plain")},
    )
    assert shown.status_code == 200
    assert "../" not in re.search(r"<h1>(.*?)</h1>", shown.text).group(1)
    from tests.web.test_routes import _preview_form

    saved = client.post("/van-ban/luu", data=_preview_form(shown.text))
    assert saved.status_code == 303
    with empty_site.ctx.read() as session:
        names = session.scalars(select(Document.file_name)).all()
    assert names == ["zz-evil-name.txt"]
    assert not list(tmp_path.rglob("zz-evil-name*"))
    assert not list(Path("/etc").glob("zz-evil-name*"))


def test_pasted_markup_is_escaped(empty_site):
    client = empty_site.client("vanphong")
    text = '1. Giao Công an huyện <script>alert("x")</script> báo cáo trước ngày 30/4/2024.'
    shown = post(client, "/van-ban/xem-truoc", {"text": text, "name": "<b>x</b>.txt"})
    assert shown.status_code == 200
    assert "<script>alert" not in shown.text
    assert "&lt;script&gt;" in shown.text
    assert "<b>x</b>" not in shown.text


def test_every_response_carries_the_csp_without_unsafe_inline(site):
    client = site.client("vanphong")
    for path in ("/", "/nhiem-vu", "/static/app.css", "/khong-co", "/dang-nhap"):
        response = client.get(path)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"


def test_templates_have_no_inline_script_style_or_handlers():
    for template in TEMPLATES.glob("*.html"):
        html = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), template.name
        assert not re.search(r"\sstyle\s*=", html), template.name
        assert not re.search(r"<style", html), template.name
        assert not re.search(r"\son[a-z]+\s*=", html), template.name
        assert not re.search(r"(src|href)=\"(https?:)?//", html), template.name  # no CDN


def test_autoescape_is_on_for_every_template():
    from tracker.web.app import TEMPLATES as ENV

    for name in ENV.list_templates():
        assert ENV.get_template(name).environment.autoescape is not False
    assert "&lt;" in ENV.from_string("{{ v }}").render(v="<")


def test_secret_key_generated_once_with_mode_0600_beside_the_database(empty_site, monkeypatch):
    monkeypatch.delenv("TRACKER_SECRET_KEY")
    client = empty_site.client("vanphong")
    key_file = Path(empty_site.url.removeprefix("sqlite:///")).parent / security.SECRET_FILE
    assert key_file.is_file()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    first = key_file.read_text()
    # a restart (a new app) reads the same key: the session still holds
    again = empty_site.client()
    again.cookies = client.cookies
    assert again.get("/nhiem-vu").status_code == 200
    assert key_file.read_text() == first


def test_secret_key_from_the_environment(empty_site, monkeypatch):
    monkeypatch.setenv("TRACKER_SECRET_KEY", "from-the-environment-123")
    client = empty_site.client("vanphong")
    key_file = Path(empty_site.url.removeprefix("sqlite:///")).parent / security.SECRET_FILE
    assert not key_file.exists()
    value = client.cookies.get(security.SESSION_COOKIE)
    assert security.Sessions("from-the-environment-123").load(value).get("uid")


def test_drafts_are_not_changed_by_a_refused_post(empty_site):
    from tracker.app.documents import ingest_documents
    from tracker.load import load_document

    ingest_documents(empty_site.ctx, [load_document(empty_site.document)], actor="test")
    client = empty_site.client("lanhdao")
    assert post(client, "/cho-duyet", {"action": "accept", "task": "1"}).status_code == 403
    with empty_site.ctx.read() as session:
        assert set(session.scalars(select(Task.review))) == {"draft"}
