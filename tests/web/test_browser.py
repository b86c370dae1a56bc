"""The whole job in a real browser (Playwright driving Debian's Chromium): the
secretariat uploads the demo document, corrects one owner in the preview and saves;
the unit marks its task done; the supervisor sees it leave the overdue list and
downloads the DOCX report. A screenshot of each page goes to ``tmp_path/screenshots``
(``WEB_SCREENSHOTS=folder`` copies the README's two there too).

Skips with the reason when Playwright or Chromium is missing, except under CI=true
where it fails. Never runs ``playwright install``: the browser is /usr/bin/chromium.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from tests.web.conftest import PASSWORD
from tests.web.test_routes import LATE_ROW

CHROMIUM = os.environ.get("WEB_TEST_CHROMIUM", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() == "true"


def _need_browser() -> None:
    reason = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reason = "Playwright (Python) is not installed: pip install -e '.[test]'"
    if reason is None and not Path(CHROMIUM).exists():
        reason = f"{CHROMIUM} is missing (apt-get install chromium)"
    if reason:
        if IN_CI:
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(empty_site):
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(empty_site.app(), host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    for _ in range(200):
        if running.started:
            break
        time.sleep(0.05)
    assert running.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}", empty_site
    running.should_exit = True
    thread.join(timeout=10)


@pytest.mark.slow
def test_the_whole_job_in_a_browser(server, tmp_path):
    _need_browser()
    from playwright.sync_api import sync_playwright

    base, site = server
    shots = tmp_path / "screenshots"
    shots.mkdir()

    def shot(page, name: str) -> None:
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--lang=vi-VN"])
        errors: list[str] = []
        try:
            page = browser.new_page(
                viewport={"width": 1440, "height": 900}, accept_downloads=True, locale="vi-VN"
            )
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

            def log_in(name: str) -> None:
                page.goto(f"{base}/dang-nhap")
                page.fill("input[name=name]", name)
                page.fill("input[name=password]", PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_load_state()

            def log_out() -> None:
                page.click("form.who button")
                page.wait_for_url(f"{base}/dang-nhap")

            # the secretariat: upload, correct one owner, save
            page.goto(f"{base}/")
            shot(page, "01-dang-nhap")
            log_in("vanphong")
            shot(page, "02-tong-quan-trong")
            page.click("text=Văn bản")
            page.set_input_files("input[type=file]", str(site.document))
            shot(page, "03-van-ban")
            page.click("text=Xem trước")
            page.wait_for_selector("pre.doctext mark.owner")
            assert page.locator("pre.doctext mark.deadline").count() >= 3
            owner = page.locator("input[name=owner-5]")
            assert owner.input_value() == "Ban Chỉ huy Quân sự huyện"
            owner.fill("Công an huyện")
            shot(page, "04-xem-truoc")
            page.click("button:has-text('Lưu')")
            page.wait_for_selector(".flash")
            assert "Đã lưu văn bản: 8 nhiệm vụ, sửa 1, duyệt 8" in page.inner_text(".flash")
            shot(page, "05-van-ban-da-luu")
            page.goto(f"{base}/nhiem-vu?status=overdue")
            assert LATE_ROW.search(page.content())
            shot(page, "06-nhiem-vu-qua-han")
            page.goto(f"{base}/don-vi")
            shot(page, "07-don-vi")
            log_out()

            # the unit: its own task, done with a note
            log_in("kiemlam")
            assert page.url.endswith("/nhiem-vu")
            assert "Xã An Bình" not in page.content()
            shot(page, "08-don-vi-nhiem-vu")
            page.click("a[href='/nhiem-vu/2']")
            page.fill("input[name=note]", "Đã gửi báo cáo kiểm tra")
            shot(page, "09-nhiem-vu")
            page.click("button:has-text('Đã hoàn thành')")
            page.wait_for_selector(".flash")
            assert "Đã ghi nhận hoàn thành" in page.inner_text(".flash")
            assert "web:kiemlam" in page.content()
            log_out()

            # the supervisor: the task left the overdue list; the DOCX report
            log_in("lanhdao")
            page.goto(f"{base}/?from=2024-01-01&to=2024-04-20")
            assert page.locator("svg.chart rect").count() > 0
            assert "Hạt Kiểm lâm" in page.locator("svg.chart").text_content()
            shot(page, "10-tong-quan")
            page.goto(f"{base}/nhiem-vu?status=overdue")
            assert not LATE_ROW.search(page.content())
            page.goto(f"{base}/bao-cao")
            shot(page, "11-bao-cao")
            form = page.locator("form[action='/bao-cao/qua-han']")
            form.locator("select[name=format]").select_option("docx")
            with page.expect_download() as waiting:
                form.locator("button").click()
            download = waiting.value
            target = tmp_path / download.suggested_filename
            download.save_as(str(target))
            assert target.suffix == ".docx"
            assert target.read_bytes().startswith(b"PK")
            from docx import Document

            text = "\n".join(p.text for p in Document(str(target)).paragraphs)
            assert "quá hạn" in text.lower()
        finally:
            browser.close()
    assert errors == []  # no CSP violation, no script error
    assert len(list(shots.glob("*.png"))) == 11
    keep = os.environ.get("WEB_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        for name in ("04-xem-truoc", "10-tong-quan"):
            shutil.copy(shots / f"{name}.png", Path(keep) / f"web-{name}.png")
