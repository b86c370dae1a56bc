"""Web app fixtures: a database with the sample registry, the sample document stored
and confirmed, one account per role, and a TestClient that logs in.

The clock is fixed at 20/04/2024 08:00 in Hà Nội: the sample's deadlines of March and
mid-April are overdue then, the later ones open.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tracker.app import Context
from tracker.app.documents import ingest_documents
from tracker.app.units import import_units
from tracker.app.users import add_user
from tracker.config import load_config
from tracker.demo import copy_samples
from tracker.load import load_document
from tracker.store.engine import ensure_schema, make_engine
from tracker.store.unitfile import read_units
from tracker.web import create_app

NOW = datetime(2024, 4, 20, 1, 0, tzinfo=UTC)  # 08:00 in Asia/Ho_Chi_Minh
PASSWORD = "mat-khau-dung-1"
ACCOUNTS = {
    "quantri": ("admin", None),
    "vanphong": ("secretariat", None),
    "lanhdao": ("supervisor", None),
    "kiemlam": ("unit", "Hạt Kiểm lâm"),
    "quansu": ("unit", "Ban Chỉ huy Quân sự huyện"),
}
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


class Site:
    """A database ready for the web app, and clients logged in by role."""

    def __init__(self, url: str, folder: Path) -> None:
        self.url = url
        self.folder = folder
        engine = make_engine(url, create=True)
        ensure_schema(engine, auto_upgrade=True)
        self.ctx = Context(load_config(None, database_url=url), engine, lambda: NOW)
        self.document, units = copy_samples(folder)
        import_units(self.ctx, read_units(units), source="test", actor="test")
        for name, (role, unit) in ACCOUNTS.items():
            add_user(self.ctx, name, role=role, unit=unit, password=PASSWORD, actor="test")

    def ingest(self) -> None:
        ingest_documents(self.ctx, [load_document(self.document)], actor="test", confirm=True)

    def app(self, **options):
        return create_app(None, self.url, clock=lambda: NOW, **options)

    def client(self, name: str | None = None, **options) -> TestClient:
        base = options.pop("base_url", "http://testserver")
        client = TestClient(self.app(**options), base_url=base, follow_redirects=False)
        if name is not None:
            login(client, name)
        return client


def csrf_of(client: TestClient, path: str = "/dang-nhap") -> str:
    page = client.get(path, follow_redirects=True)
    found = CSRF.search(page.text)
    assert found, page.text[:500]
    return found.group(1)


def login(client: TestClient, name: str, password: str = PASSWORD):
    token = csrf_of(client)
    response = client.post(
        "/dang-nhap", data={"csrf": token, "name": name, "password": password, "next": "/"}
    )
    assert response.status_code == 303, response.text[:300]
    client.csrf = csrf_of(client, "/nhiem-vu")
    return response


def post(client: TestClient, path: str, data: dict | None = None, **kwargs):
    return client.post(path, data={"csrf": client.csrf, **(data or {})}, **kwargs)


@pytest.fixture
def site(tmp_path, monkeypatch) -> Site:
    monkeypatch.setenv("TRACKER_SECRET_KEY", "test-secret-key-not-for-production")
    made = Site(f"sqlite:///{tmp_path / 'tracker.db'}", tmp_path)
    made.ingest()
    return made


@pytest.fixture
def empty_site(tmp_path, monkeypatch) -> Site:
    monkeypatch.setenv("TRACKER_SECRET_KEY", "test-secret-key-not-for-production")
    return Site(f"sqlite:///{tmp_path / 'tracker.db'}", tmp_path)
