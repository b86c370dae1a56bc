"""The web app's routes: Starlette, Jinja2 templates (autoescaped), forms that work
without JavaScript. Every handler parses input, calls one use case of ``tracker.app``
(in a worker thread) and renders; none opens a session that writes.

Roles (checked on the server, for every route and every object):

* ``admin``: accounts, the unit registry, and reading everything;
* ``secretariat``: documents, review, done / extend / reopen, extension requests,
  the registry's owner texts;
* ``supervisor``: reads everything, downloads reports;
* ``unit``: its own unit's tasks only (another unit's task is 404): done with a
  note, asking for an extension with a reason.
"""

from __future__ import annotations

import asyncio
import functools
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, ParamSpec, TypeVar
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from tracker import dates
from tracker.app import Context
from tracker.app.users import ROLE_LABELS, UserRow
from tracker.errors import BadInput, TrackerError
from tracker.limits import check_day
from tracker.web import security

P = ParamSpec("P")
R = TypeVar("R")

PAGE_SIZE = 50
# the dashboard reads the whole register (1.8 s at 1 M assignments on SQLite): its
# figures are made at most once a minute per worker (at once after a change here)
DASHBOARD_SECONDS = 60.0
# POSTs that change no task (logging in and out, a preview)
UNCHANGING = frozenset({"/dang-nhap", "/dang-xuat", "/van-ban/xem-truoc"})
STATUS_VI = {
    "done_on_time": "Hoàn thành đúng hạn",
    "done_late": "Hoàn thành quá hạn",
    "open": "Đang thực hiện",
    "due_soon": "Sắp đến hạn",
    "overdue": "Quá hạn",
    "no_deadline": "Không có hạn",
}
EVENT_VI = {
    "created": "tạo nhiệm vụ",
    "confirmed": "duyệt",
    "rejected": "loại",
    "done": "hoàn thành",
    "reopened": "mở lại",
    "extended": "gia hạn",
    "edited": "sửa",
    "flagged_overdue": "ghi nhận quá hạn",
    "extension_requested": "xin gia hạn",
    "extension_refused": "từ chối gia hạn",
    "owner_resolved": "xác định đơn vị",
    "ingested": "nhập văn bản",
    "likely_duplicate": "có thể trùng văn bản",
    "document_deleted": "xóa văn bản",
    "document_restored": "khôi phục văn bản",
    "merged": "sáp nhập đơn vị",
    "carried": "chuyển sang đơn vị mới",
    "unit_moved": "chuyển đơn vị",
    "unit_renamed": "đổi tên đơn vị",
    "unit_merged": "sáp nhập đơn vị",
    "draft": "chuyển về chờ duyệt",
}
REVIEW_VI = {"draft": "chờ duyệt", "confirmed": "đã duyệt", "rejected": "đã loại"}
EVERYONE = ("admin", "secretariat", "supervisor", "unit")
READERS = ("admin", "secretariat", "supervisor")
WORK = ("secretariat",)


@dataclass
class Settings:
    """What the app is made with (``create_app``)."""

    ctx: Context
    sessions: security.Sessions
    throttle: security.Throttle
    secure_cookies: bool
    max_upload: int
    # the dashboard's figures by (today, from, to): (made at, overview); kept
    # DASHBOARD_SECONDS, dropped by any POST to this worker
    dashboard: dict[tuple[date, date, date], tuple[float, Any]] = field(default_factory=dict)
    dashboard_lock: asyncio.Lock = field(default_factory=asyncio.Lock)


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("tracker.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["d"] = lambda value: f"{value:%d/%m/%Y}" if value else "—"
    # a day in a form field: dd/mm/yyyy, empty when there is none (typed back the same
    # way, or as "cuối tháng", "thứ Sáu tuần sau" …: tracker.dates.parse_cli_date)
    env.filters["dmy"] = lambda value: f"{value:%d/%m/%Y}" if value else ""
    env.filters["status"] = lambda value: STATUS_VI.get(value, value)
    env.filters["event"] = lambda value: EVENT_VI.get(value, value)
    env.filters["review"] = lambda value: REVIEW_VI.get(value, value)
    env.filters["role"] = lambda value: ROLE_LABELS.get(value, value)
    env.filters["pct"] = lambda value: "—" if value is None else f"{value * 100:.0f}%"
    return env


TEMPLATES = _environment()


# --- the request's session, user and CSRF --------------------------------------------


class SessionMiddleware(BaseHTTPMiddleware):
    """Loads the signed session before the handler, writes it back when changed,
    and adds the security headers to every response."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        """One request."""
        settings = _settings(request)
        data = settings.sessions.load(request.cookies.get(security.SESSION_COOKIE))
        request.state.session = data
        request.state.session_dirty = False
        request.state.user = None
        response = await call_next(request)
        if request.method == "POST" and request.url.path not in UNCHANGING:
            settings.dashboard.clear()  # a change: the next dashboard is made afresh
        for name, value in security.HEADERS.items():
            response.headers.setdefault(name, value)
        if request.state.session_dirty:
            response.set_cookie(
                security.SESSION_COOKIE,
                settings.sessions.dump(request.state.session),
                max_age=security.SESSION_MAX_AGE,
                httponly=True,
                samesite="lax",
                secure=settings.secure_cookies or request.url.scheme == "https",
                path="/",
            )
        return response


def _session(request: Request) -> dict[str, Any]:
    session: dict[str, Any] = request.state.session
    return session


def _csrf(request: Request) -> str:
    session = _session(request)
    token = session.get("csrf")
    if not isinstance(token, str) or not token:
        token = security.new_csrf()
        session["csrf"] = token
        request.state.session_dirty = True
    return token


def _flash(request: Request, text: str, kind: str = "ok") -> None:
    _session(request)["flash"] = [kind, text]
    request.state.session_dirty = True


def _take_flash(request: Request) -> list[str] | None:
    session = _session(request)
    flash = session.pop("flash", None)
    if flash is not None:
        request.state.session_dirty = True
    return flash if isinstance(flash, list) else None


async def _form(request: Request) -> FormData:
    """The POSTed form, refused (403) without the session's CSRF token."""
    settings = _settings(request)
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > settings.max_upload + 1_000_000:
        raise HTTPException(413, "Tệp quá lớn")
    form = await request.form(max_part_size=settings.max_upload + 1_000_000)
    if not security.csrf_ok(_session(request).get("csrf"), form.get("csrf")):
        raise HTTPException(
            403, "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ; tải lại trang"
        )
    return form


def needs(
    *roles: str,
) -> Callable[[Callable[..., Awaitable[Response]]], Callable[..., Awaitable[Response]]]:
    """The handler runs for a logged-in, active user of one of ``roles``; else the login
    page (not logged in) or 403."""

    def wrap(handler: Callable[..., Awaitable[Response]]) -> Callable[..., Awaitable[Response]]:
        @functools.wraps(handler)
        async def guarded(request: Request) -> Response:
            user = await _user(request)
            if user is None:
                if request.method == "GET":
                    return RedirectResponse(
                        "/dang-nhap?" + urlencode({"next": request.url.path}), 303
                    )
                raise HTTPException(403, "Cần đăng nhập")
            if user.role not in roles:
                raise HTTPException(403, "Tài khoản của bạn không có quyền này")
            return await handler(request, user)

        guarded.__roles__ = roles  # type: ignore[attr-defined]  # read by tests
        return guarded

    return wrap


async def _user(request: Request) -> UserRow | None:
    from tracker.app.users import get_user

    uid = _session(request).get("uid")
    if not isinstance(uid, int):
        return None
    user = await call(get_user, _settings(request).ctx, uid)
    if user is None or not user.active or _session(request).get("role") != user.role:
        _session(request).clear()
        request.state.session_dirty = True
        return None
    request.state.user = user
    return user


async def call(func: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """A use case, run in a worker thread (the database is blocking)."""
    return await run_in_threadpool(func, *args, **kwargs)


def render(request: Request, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    """A page: the template with the user, the CSRF token, the flash message."""
    html = TEMPLATES.get_template(template).render(
        user=request.state.user,
        csrf=_csrf(request),
        flash=_take_flash(request),
        path=request.url.path,
        today=_settings(request).ctx.today(),
        **values,
    )
    return HTMLResponse(html, status_code=status_code)


def back(url: str) -> RedirectResponse:
    """After a POST: see the result with a GET."""
    return RedirectResponse(url, status_code=303)


def _actor(user: UserRow) -> str:
    return f"web:{user.name}"


def _day(text: str | None, label: str, ctx: Context, *, default: date | None = None) -> date:
    if not text or not text.strip():
        if default is not None:
            return default
        raise BadInput(f"thiếu {label}")
    today = ctx.today()
    return check_day(dates.parse_cli_date(text, today), today=today, label=label)


def _opt_day(text: str | None, label: str, ctx: Context) -> date | None:
    return _day(text, label, ctx) if text and text.strip() else None


def _text(form: FormData | Any, name: str) -> str | None:
    value = form.get(name)
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def _int(text: str | None) -> int:
    if text is None or not text.isdigit() or len(text) > 10:
        raise HTTPException(404)
    return int(text)


# --- login ---------------------------------------------------------------------------


async def login_page(request: Request) -> Response:
    """Đăng nhập."""
    if await _user(request) is not None:
        return back("/")
    return render(request, "login.html", next=_safe_next(request.query_params.get("next")))


def _safe_next(value: str | None) -> str:
    """Only a path of this site (never //host or a scheme)."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/"


def _address(request: Request) -> str:
    return request.client.host if request.client else "?"


async def login(request: Request) -> Response:
    """Check the name and password (throttled per address and per account)."""
    from tracker.app.users import LoginRefused, authenticate

    settings = _settings(request)
    form = await _form(request)
    name = str(form.get("name") or "")
    password = str(form.get("password") or "")
    target = _safe_next(_text(form, "next"))
    address = _address(request)
    wait = settings.throttle.wait(address)
    if wait:
        minutes = -(-wait // 60)
        return render(
            request,
            "login.html",
            429,
            error=f"Đăng nhập sai quá nhiều lần từ địa chỉ này; thử lại sau {minutes} phút",
            next=target,
            name=name,
        )
    try:
        user = await call(authenticate, settings.ctx, name, password)
    except LoginRefused as error:
        settings.throttle.failed(address)
        return render(
            request, "login.html", 401, error=str(error).capitalize(), next=target, name=name
        )
    settings.throttle.succeeded(address)
    session = _session(request)
    session.clear()  # a new session (and CSRF token) at every login
    session.update({"uid": user.user_id, "role": user.role, "csrf": security.new_csrf()})
    request.state.session_dirty = True
    return back(target)


async def logout(request: Request) -> Response:
    """End the session."""
    await _form(request)
    _session(request).clear()
    request.state.session_dirty = True
    return back("/dang-nhap")


# --- dashboard -----------------------------------------------------------------------


@needs(*EVERYONE)
async def dashboard(request: Request, user: UserRow) -> Response:
    """Tổng quan."""
    from tracker.app.overview import overview

    if user.role == "unit":
        return back("/nhiem-vu")
    ctx = _settings(request).ctx
    q = request.query_params
    try:
        last = _day(q.get("to"), "đến ngày", ctx, default=ctx.today())
        first = _day(q.get("from"), "từ ngày", ctx, default=last.replace(month=1, day=1))
        key = (ctx.today(), first, last)
        settings = _settings(request)
        async with settings.dashboard_lock:  # made once, not by every waiting request
            cached = settings.dashboard.get(key)
            if cached is not None and time.monotonic() - cached[0] < DASHBOARD_SECONDS:
                data = cached[1]
            else:
                data = await call(overview, ctx, as_of=ctx.today(), start=first, end=last)
                if len(settings.dashboard) > 100:
                    settings.dashboard.clear()
                settings.dashboard[key] = (time.monotonic(), data)
    except TrackerError as error:
        _flash(request, str(error), "error")
        return back("/")
    rates = [(s.unit, s.on_time_rate) for s in data.scoreboard if s.on_time_rate is not None]
    return render(request, "dashboard.html", data=data, chart=_bars(rates))


def _bars(rates: list[tuple[str, float]]) -> dict[str, Any]:
    """Geometry of the on-time-rate chart (an SVG written by the template)."""
    rates = sorted(rates, key=lambda r: (-r[1], r[0]))[:25]
    row, label, width = 26, 300, 360
    bars = [
        {
            "unit": unit,
            "y": i * row + 6,
            "w": round(rate * width, 1),
            "text": f"{rate * 100:.0f}%",
            "tx": label + round(rate * width, 1) + 6,
            "ty": i * row + 20,
            "colour": "#2e7d32" if rate >= 0.8 else "#ffb300" if rate >= 0.5 else "#c62828",
        }
        for i, (unit, rate) in enumerate(rates)
    ]
    return {
        "bars": bars,
        "height": len(bars) * row + 12,
        "label": label,
        "width": label + width + 60,
    }


# --- documents -----------------------------------------------------------------------


@needs(*READERS)
async def documents(request: Request, user: UserRow) -> Response:
    """Văn bản: the list, and (secretariat) the upload form."""
    from tracker.app.documents import list_documents

    rows = await call(list_documents, _settings(request).ctx)
    return render(request, "documents.html", documents=rows)


@needs(*READERS)
async def document_page(request: Request, user: UserRow) -> Response:
    """One document with its tasks."""
    from tracker.app.documents import show_document

    document_id = _int(request.path_params["document_id"])
    try:
        detail = await call(show_document, _settings(request).ctx, document_id)
    except BadInput:
        raise HTTPException(404) from None
    return render(request, "document.html", doc=detail)


def _safe_name(name: str | None) -> str:
    """A document's name for display only: the last path part, printable, ≤ 120 chars."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    clean = "".join(c for c in base if c.isprintable()).strip()
    return clean[:120] or "van-ban.txt"


async def _loaded(request: Request, form: FormData) -> Any:
    """The document of the form: an uploaded file (read in memory, at most the cap,
    its format sniffed from its bytes by ``tracker.load``), or pasted text."""
    from tracker.load import LoadedDocument, limits_from_config, load_bytes

    settings = _settings(request)
    upload = form.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read(settings.max_upload + 1)
        if len(data) > settings.max_upload:
            raise BadInput(f"tệp quá lớn (giới hạn {settings.max_upload // 1_000_000} MB)")
        limits = limits_from_config(settings.ctx.config)
        return await call(load_bytes, _safe_name(upload.filename), data, limits=limits)
    text = _text(form, "text")
    if not text:
        raise BadInput("chọn một tệp hoặc dán nội dung văn bản")
    if len(text) > settings.max_upload:
        raise BadInput("văn bản quá dài")
    from tracker.lang.normal import nfc

    normal = nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    return LoadedDocument(
        _safe_name(_text(form, "name") or "van-ban-dan.txt"), normal, "txt", "utf-8"
    )


def _signed_document(settings: Settings, document: Any) -> str:
    """The preview's document, signed so that "Lưu" stores exactly what was shown."""
    import json

    payload = {
        "name": document.name,
        "text": document.text,
        "format": document.source_format,
        "encoding": document.encoding,
        "source": document.source,
        "ocr": document.ocr_confidence,
    }
    return settings.sessions.dump({"document": json.dumps(payload, ensure_ascii=True)})


def _unsigned_document(settings: Settings, value: str | None) -> Any:
    import json

    from tracker.load import LoadedDocument

    data = settings.sessions.load(value)
    if "document" not in data:
        raise BadInput("bản xem trước đã hết hạn; tải văn bản lên lại")
    p = json.loads(data["document"])
    return LoadedDocument(
        p["name"],
        p["text"],
        p["format"],
        p["encoding"],
        source=p["source"],
        ocr_confidence=p["ocr"],
    )


@needs(*WORK)
async def preview(request: Request, user: UserRow) -> Response:
    """Upload or paste → the text with each task highlighted and the table of tasks."""
    from tracker.app.documents import preview_document
    from tracker.app.units import list_units

    settings = _settings(request)
    form = await _form(request)
    try:
        document = await _loaded(request, form)
        shown = await call(preview_document, settings.ctx, document)
    except TrackerError as error:
        _flash(request, str(error), "error")
        return back("/van-ban")
    units = await call(list_units, settings.ctx)
    return render(
        request,
        "preview.html",
        preview=shown,
        segments=highlight(shown.text, shown.tasks),
        units=[u.name for u in units if u.active],
        signed=_signed_document(settings, document),
    )


@needs(*WORK)
async def save(request: Request, user: UserRow) -> Response:
    """ "Lưu": store as ``tracker ingest`` does, with the preview's corrections."""
    from tracker.app.documents import TaskEdit, ingest_reviewed

    settings = _settings(request)
    ctx = settings.ctx
    form = await _form(request)
    try:
        document = _unsigned_document(settings, _text(form, "document"))
        edits: dict[int, TaskEdit] = {}
        count = int(_text(form, "count") or "0")
        for i in range(min(count, 10_000)):
            owners = _owners(_text(form, f"owner-{i}"))
            original = _owners(_text(form, f"owner-orig-{i}"))
            deadline = _opt_day(_text(form, f"deadline-{i}"), "hạn", ctx)
            original_deadline = _opt_day(_text(form, f"deadline-orig-{i}"), "hạn", ctx)
            report_to = _text(form, f"report-{i}")
            edit = TaskEdit(
                owners if owners and owners != original else None,
                deadline if deadline and deadline != original_deadline else None,
                report_to if report_to != _text(form, f"report-orig-{i}") else None,
            )
            if edit != TaskEdit():
                edits[i] = edit
        saved = await call(
            ingest_reviewed,
            ctx,
            document,
            edits=edits,
            confirm=form.get("confirm") == "1",
            today=ctx.today(),
            actor=_actor(user),
        )
    except TrackerError as error:
        _flash(request, str(error), "error")
        return back("/van-ban")
    if saved.ingested.duplicate:
        _flash(
            request,
            f"Văn bản này đã có (mã {saved.ingested.document_id}); không lưu lần nữa",
            "error",
        )
    else:
        _flash(
            request,
            f"Đã lưu văn bản: {saved.ingested.tasks} nhiệm vụ, sửa {saved.edited}, "
            f"duyệt {saved.confirmed}, chờ duyệt {saved.drafts}",
        )
    return back(f"/van-ban/{saved.ingested.document_id}")


def _owners(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    return tuple(o.strip() for o in text.split(";") if o.strip())


def highlight(text: str, tasks: Any) -> list[tuple[str, str, int | None]]:
    """The text cut into (piece, kind, task) with kind "" (plain), "task", "owner" or
    "deadline": each task's sentence, and its owners and deadline inside it."""
    kinds = [""] * len(text)
    which: list[int | None] = [None] * len(text)
    for t in tasks:
        start, end = max(0, t.start), min(len(text), t.end)
        for i in range(start, end):
            kinds[i], which[i] = "task", t.ordinal
        part = text[start:end]
        folded = part.casefold()
        marks = [(o, "owner") for o in t.owners] + [(t.deadline_text or "", "deadline")]
        for phrase, kind in marks:
            if not phrase:
                continue
            at = folded.find(phrase.casefold())
            if at >= 0:
                for i in range(start + at, start + at + len(phrase)):
                    kinds[i] = kind
    pieces: list[tuple[str, str, int | None]] = []
    begin = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or kinds[i] != kinds[begin] or which[i] != which[begin]:
            pieces.append((text[begin:i], kinds[begin], which[begin]))
            begin = i
    return pieces


# --- review --------------------------------------------------------------------------


@needs(*WORK)
async def review(request: Request, user: UserRow) -> Response:
    """Chờ duyệt: the drafts and the units' extension requests."""
    from tracker.app.extensions import list_requests
    from tracker.app.review import list_drafts
    from tracker.app.units import list_units

    ctx = _settings(request).ctx
    drafts = await call(list_drafts, ctx)
    requests = await call(list_requests, ctx)
    units = await call(list_units, ctx)
    return render(
        request,
        "review.html",
        drafts=drafts,
        requests=requests,
        units=[u.name for u in units if u.active],
    )


@needs(*WORK)
async def review_post(request: Request, user: UserRow) -> Response:
    """Accept or reject the selected drafts (or one)."""
    from tracker.app.review import review_accept, review_reject

    ctx = _settings(request).ctx
    form = await _form(request)
    action = form.get("action")
    ids = [_int(str(v)) for v in form.getlist("task")]
    if action not in ("accept", "reject") or not ids:
        _flash(request, "Chọn ít nhất một nhiệm vụ và một thao tác", "error")
        return back("/cho-duyet")
    done, problems = 0, []
    for task_id in ids:
        try:
            if action == "accept":
                await call(review_accept, ctx, task_id, today=ctx.today(), actor=_actor(user))
            else:
                await call(review_reject, ctx, task_id, today=ctx.today(), actor=_actor(user))
            done += 1
        except TrackerError as error:
            problems.append(str(error))
    verb = "duyệt" if action == "accept" else "loại"
    if problems:
        _flash(request, f"Đã {verb} {done} nhiệm vụ. " + "; ".join(problems[:3]), "error")
    else:
        _flash(request, f"Đã {verb} {done} nhiệm vụ")
    return back("/cho-duyet")


@needs(*WORK)
async def review_edit(request: Request, user: UserRow) -> Response:
    """Correct a draft's owners, deadline or report-to."""
    from tracker.app.review import review_edit as edit

    ctx = _settings(request).ctx
    task_id = _int(request.path_params["task_id"])
    form = await _form(request)
    try:
        await call(
            edit,
            ctx,
            task_id,
            owners=_owners(_text(form, "owner")) or None,
            deadline=_opt_day(_text(form, "deadline"), "hạn", ctx),
            report_to=_text(form, "report_to"),
            today=ctx.today(),
            actor=_actor(user),
        )
    except TrackerError as error:
        _flash(request, str(error), "error")
        return back("/cho-duyet")
    _flash(request, f"Đã sửa nhiệm vụ {task_id}")
    return back("/cho-duyet")


@needs(*WORK)
async def answer_extension(request: Request, user: UserRow) -> Response:
    """Accept or refuse a unit's extension request."""
    from tracker.app.extensions import answer_request

    ctx = _settings(request).ctx
    request_id = _int(request.path_params["request_id"])
    form = await _form(request)
    accept = form.get("action") == "accept"
    try:
        await call(
            answer_request,
            ctx,
            request_id,
            accept=accept,
            today=ctx.today(),
            actor=_actor(user),
            by=_text(form, "by"),
            answer=_text(form, "answer"),
        )
    except TrackerError as error:
        _flash(request, str(error), "error")
        return back("/cho-duyet")
    _flash(request, "Đã chấp nhận gia hạn" if accept else "Đã từ chối gia hạn")
    return back("/cho-duyet")


# --- tasks ---------------------------------------------------------------------------


@needs(*EVERYONE)
async def tasks(request: Request, user: UserRow) -> Response:
    """Nhiệm vụ: the assignment list with the CLI's filters, sorted, paginated."""
    from tracker.app.tasks import COUNT_CAP, PAGE_SORTS, page_assignments

    ctx = _settings(request).ctx
    q = request.query_params
    filters = {
        k: q.get(k, "").strip() for k in ("unit", "status", "from", "to", "document", "search")
    }
    if user.role == "unit":
        filters["unit"] = user.unit or ""
    sort = q.get("sort", "han")
    sort = sort if sort in PAGE_SORTS else "han"
    descending = q.get("dir") == "desc"
    page = int(q["page"]) if q.get("page", "").isdigit() and len(q["page"]) < 7 else 1
    page = max(page, 1)
    error = None
    rows: list[Any] = []
    total = 0
    try:
        as_of = _day(q.get("as_of"), "ngày xem", ctx, default=ctx.today())
        rows, total = await call(
            page_assignments,
            ctx,
            as_of=as_of,
            offset=(page - 1) * PAGE_SIZE,
            limit=PAGE_SIZE,
            sort=sort,
            descending=descending,
            unit=filters["unit"] or None,
            unit_id=user.unit_id if user.role == "unit" else None,
            statuses=[filters["status"]] if filters["status"] else None,
            due_after=_opt_day(filters["from"], "hạn từ", ctx),
            due_before=_opt_day(filters["to"], "hạn đến", ctx),
            document=filters["document"] or None,
            search=filters["search"] or None,
        )
    except TrackerError as error_:
        error = str(error_)
    calendar_url = None
    if user.role == "unit" and user.unit_id is not None:
        token = _settings(request).sessions.calendar_token(user.unit_id)
        calendar_url = f"{str(request.base_url).rstrip('/')}/lich/{user.unit_id}/{token}.ics"
    pages = max(1, (min(total, COUNT_CAP) + PAGE_SIZE - 1) // PAGE_SIZE)
    shown = rows
    base = {k: v for k, v in filters.items() if v and not (user.role == "unit" and k == "unit")}

    def link(**change: Any) -> str:
        values = {**base, "sort": sort, "dir": "desc" if descending else "asc", "page": page}
        values.update(change)
        return "/nhiem-vu?" + urlencode({k: v for k, v in values.items() if v not in (None, "")})

    return render(
        request,
        "tasks.html",
        rows=shown,
        total=total,
        page=page,
        pages=pages,
        filters=filters,
        sort=sort,
        descending=descending,
        link=link,
        statuses=STATUS_VI,
        error=error,
        calendar_url=calendar_url,
        cap=COUNT_CAP if total > COUNT_CAP else None,
    )


async def _visible_task(request: Request, user: UserRow, task_id: int) -> Any:
    """The task as the user may see it; 404 for a unit it is not given to."""
    from tracker.app.tasks import task_detail

    ctx = _settings(request).ctx
    try:
        detail = await call(task_detail, ctx, task_id, as_of=ctx.today())
    except BadInput:
        raise HTTPException(404) from None
    if user.role == "unit" and not any(r.row.unit_id == user.unit_id for r in detail.assignments):
        raise HTTPException(404)
    return detail


@needs(*EVERYONE)
async def task_page(request: Request, user: UserRow) -> Response:
    """A task: its sentence in context, assignments, history, and the actions."""
    from tracker.app.extensions import list_requests
    from tracker.app.tasks import task_text

    ctx = _settings(request).ctx
    task_id = _int(request.path_params["task_id"])
    detail = await _visible_task(request, user, task_id)
    text = await call(task_text, ctx, task_id)
    before, sentence, after = _context(text, detail.start, detail.end)
    requests = await call(
        list_requests,
        ctx,
        state=None,
        task_id=task_id,
        unit_id=user.unit_id if user.role == "unit" else None,
    )
    rows = detail.assignments
    history = detail.history
    if user.role == "unit":
        rows = tuple(r for r in rows if r.row.unit_id == user.unit_id)
        history = tuple(h for h in history if h.unit in (None, user.unit))
    return render(
        request,
        "task.html",
        task=detail,
        rows=rows,
        history=history,
        before=before,
        sentence=sentence,
        after=after,
        requests=requests,
    )


def _context(text: str, start: int, end: int, around: int = 400) -> tuple[str, str, str]:
    if not text or not 0 <= start <= end <= len(text):
        return "", "", ""
    first = max(0, start - around)
    last = min(len(text), end + around)
    return (
        ("…" if first else "") + text[first:start],
        text[start:end],
        text[end:last] + ("…" if last < len(text) else ""),
    )


async def _task_action(
    request: Request, user: UserRow, act: Callable[[Context, int, FormData, str], Any], said: str
) -> Response:
    ctx = _settings(request).ctx
    task_id = _int(request.path_params["task_id"])
    await _visible_task(request, user, task_id)
    form = await _form(request)
    try:
        await call(act, ctx, task_id, form, _actor(user))
    except TrackerError as error:
        _flash(request, str(error), "error")
    else:
        _flash(request, said)
    return back(f"/nhiem-vu/{task_id}")


@needs("secretariat", "unit")
async def done(request: Request, user: UserRow) -> Response:
    """Mark done (a unit: only its own assignment, with a note)."""
    from tracker.app.tasks import mark_done

    def act(ctx: Context, task_id: int, form: FormData, actor: str) -> Any:
        unit = user.unit if user.role == "unit" else _text(form, "unit")
        on = _day(_text(form, "on"), "ngày hoàn thành", ctx, default=ctx.today())
        return mark_done(
            ctx, task_id, unit=unit, on=on, today=ctx.today(), note=_text(form, "note"), actor=actor
        )

    return await _task_action(request, user, act, "Đã ghi nhận hoàn thành")


@needs(*WORK)
async def extend(request: Request, user: UserRow) -> Response:
    """Gia hạn (with the approving document)."""
    from tracker.app.tasks import extend as grant

    def act(ctx: Context, task_id: int, form: FormData, actor: str) -> Any:
        return grant(
            ctx,
            task_id,
            to=_day(_text(form, "to"), "hạn mới", ctx),
            unit=_text(form, "unit"),
            granted_on=_day(_text(form, "on"), "ngày gia hạn", ctx, default=ctx.today()),
            today=ctx.today(),
            by=_text(form, "by"),
            reason=_text(form, "reason"),
            actor=actor,
        )

    return await _task_action(request, user, act, "Đã gia hạn")


@needs(*WORK)
async def reopen(request: Request, user: UserRow) -> Response:
    """Mở lại."""
    from tracker.app.tasks import reopen as undo

    def act(ctx: Context, task_id: int, form: FormData, actor: str) -> Any:
        return undo(
            ctx,
            task_id,
            unit=_text(form, "unit"),
            today=ctx.today(),
            reason=_text(form, "reason"),
            actor=actor,
        )

    return await _task_action(request, user, act, "Đã mở lại")


@needs("unit")
async def ask_extension(request: Request, user: UserRow) -> Response:
    """A unit asks for a later deadline, with a reason."""
    from tracker.app.extensions import request_extension

    def act(ctx: Context, task_id: int, form: FormData, actor: str) -> Any:
        assert user.unit_id is not None
        return request_extension(
            ctx,
            task_id,
            unit_id=user.unit_id,
            to=_day(_text(form, "to"), "hạn đề nghị", ctx),
            reason=_text(form, "reason") or "",
            today=ctx.today(),
            actor=actor,
        )

    return await _task_action(request, user, act, "Đã gửi đề nghị gia hạn")


# --- units ---------------------------------------------------------------------------


@needs(*READERS)
async def units(request: Request, user: UserRow) -> Response:
    """Đơn vị: the registry and the owner texts no unit matches."""
    from tracker.app.units import list_units, list_unresolved

    ctx = _settings(request).ctx
    rows = await call(list_units, ctx)
    waiting = await call(list_unresolved, ctx)
    return render(
        request,
        "units.html",
        units=rows,
        unresolved=waiting,
        names=[u.name for u in rows if u.active],
    )


@needs("admin", "secretariat")
async def resolve(request: Request, user: UserRow) -> Response:
    """ "Đây là đơn vị X": the text becomes an alias, its waiting tasks the unit's."""
    from tracker.app.units import resolve_owner

    ctx = _settings(request).ctx
    form = await _form(request)
    try:
        done_ = await call(
            resolve_owner,
            ctx,
            _text(form, "owner") or "",
            _text(form, "unit") or "",
            today=ctx.today(),
            actor=_actor(user),
        )
    except TrackerError as error:
        _flash(request, str(error), "error")
        return back("/don-vi")
    _flash(request, f"'{done_.alias}' là {done_.unit}: đã gán {done_.assignments} lượt nhiệm vụ")
    return back("/don-vi")


@needs("admin")
async def add_unit(request: Request, user: UserRow) -> Response:
    """The admin adds (or updates) a unit of the registry."""
    from tracker.app.units import add_unit as add

    ctx = _settings(request).ctx
    form = await _form(request)
    name = _text(form, "name") or ""
    try:
        if not name:
            raise BadInput("thiếu tên đơn vị")
        done_ = await call(
            add,
            ctx,
            name,
            kind=_text(form, "kind") or "",
            parent=_text(form, "parent"),
            aliases=_owners(_text(form, "aliases")),
            email=_text(form, "email"),
            actor=_actor(user),
        )
    except TrackerError as error:
        _flash(request, str(error), "error")
        return back("/don-vi")
    _flash(request, f"Đã {'thêm' if done_.created else 'cập nhật'} đơn vị {name}")
    return back("/don-vi")


# --- reports -------------------------------------------------------------------------


@needs(*READERS)
async def reports(request: Request, user: UserRow) -> Response:
    """Báo cáo: the download forms and each unit's calendar URL."""
    from tracker.app.units import list_units
    from tracker.export import period as period_export
    from tracker.export import stats as stats_export
    from tracker.web.exports import OVERDUE_FORMATS

    settings = _settings(request)
    rows = await call(list_units, settings.ctx)
    base = str(request.base_url).rstrip("/")
    calendars = [
        (u.name, f"{base}/lich/{uid}/{settings.sessions.calendar_token(uid)}.ics")
        for u, uid in await call(_unit_ids, settings.ctx, rows)
    ]
    return render(
        request,
        "reports.html",
        units=[u.name for u in rows if u.active],
        overdue_formats=OVERDUE_FORMATS,
        stats_formats=stats_export.FORMATS,
        period_formats=period_export.FORMATS,
        calendars=calendars if user.role != "unit" else [],
    )


def _unit_ids(ctx: Context, rows: Any) -> list[tuple[Any, int]]:
    from tracker.app.units import unit_ids

    ids = unit_ids(ctx)
    return [(u, ids[u.name]) for u in rows if u.active and u.name in ids]


@needs(*READERS)
async def download(request: Request, user: UserRow) -> Response:
    """A report file: overdue (every format), scoreboard, periodic report."""
    from tracker.web.exports import make_report

    ctx = _settings(request).ctx
    kind = request.path_params["kind"]
    try:
        name, data, media = await call(make_report, ctx, kind, dict(request.query_params))
    except TrackerError as error:
        _flash(request, str(error), "error")
        return back("/bao-cao")
    return Response(
        data,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


async def calendar(request: Request) -> Response:
    """A unit's calendar (.ics) by its secret URL: no login (calendar programs)."""
    from tracker.web.exports import unit_calendar

    settings = _settings(request)
    unit_id = _int(request.path_params["unit_id"])
    if not settings.sessions.calendar_ok(unit_id, request.path_params["token"]):
        raise HTTPException(404)
    try:
        data = await call(unit_calendar, settings.ctx, unit_id)
    except BadInput:
        raise HTTPException(404) from None
    return Response(data, media_type="text/calendar; charset=utf-8")


# --- accounts ------------------------------------------------------------------------


@needs("admin")
async def accounts(request: Request, user: UserRow) -> Response:
    """Tài khoản: list, add, disable, new password."""
    from tracker.app.units import list_units
    from tracker.app.users import list_users

    ctx = _settings(request).ctx
    rows = await call(list_users, ctx)
    unit_rows = await call(list_units, ctx)
    return render(
        request,
        "accounts.html",
        accounts=rows,
        roles=ROLE_LABELS,
        units=[u.name for u in unit_rows if u.active],
    )


@needs("admin")
async def account_post(request: Request, user: UserRow) -> Response:
    """Add an account, disable one or set its password."""
    from tracker.app.users import add_user, disable_user, set_password

    ctx = _settings(request).ctx
    form = await _form(request)
    action = form.get("action")
    name = _text(form, "name") or ""
    try:
        if action == "add":
            if form.get("password") != form.get("password2"):
                raise BadInput("hai lần nhập mật khẩu không khớp")
            await call(
                add_user,
                ctx,
                name,
                role=_text(form, "role") or "",
                unit=_text(form, "unit"),
                password=str(form.get("password") or ""),
                actor=_actor(user),
            )
            _flash(request, f"Đã tạo tài khoản {name}")
        elif action == "disable":
            await call(disable_user, ctx, name, actor=_actor(user))
            _flash(request, f"Đã khóa tài khoản {name}")
        elif action == "password":
            await call(
                set_password,
                ctx,
                name,
                password=str(form.get("password") or ""),
                actor=_actor(user),
            )
            _flash(request, f"Đã đổi mật khẩu của {name}")
        else:
            raise BadInput("thao tác không hợp lệ")
    except TrackerError as error:
        _flash(request, str(error), "error")
    return back("/tai-khoan")


# --- errors and the app --------------------------------------------------------------

MESSAGES = {
    403: "Bạn không có quyền truy cập trang này.",
    404: "Không tìm thấy trang hoặc đối tượng này.",
    405: "Thao tác không được phép.",
    413: "Tệp quá lớn.",
}


async def http_error(request: Request, exc: Exception) -> Response:
    """Vietnamese error pages (no traceback, no detail of the server)."""
    assert isinstance(exc, HTTPException)
    text = exc.detail if exc.status_code in (403, 413) and exc.detail else None
    message = text or MESSAGES.get(exc.status_code, "Có lỗi xảy ra.")
    if not hasattr(request.state, "session"):
        return HTMLResponse(message, status_code=exc.status_code)
    return render(request, "error.html", exc.status_code, code=exc.status_code, message=message)


async def server_error(request: Request, exc: Exception) -> Response:
    """A domain error nobody caught (the database unreachable …): one line, 500/503."""
    if isinstance(exc, TrackerError):
        return HTMLResponse(f"Lỗi: {exc}", status_code=503)
    return HTMLResponse("Lỗi máy chủ; xem nhật ký của tracker serve.", status_code=500)


def routes() -> list[Route | Mount]:
    """Every route of the app."""
    static = Path(__file__).parent / "static"
    return [
        Route("/dang-nhap", login_page, methods=["GET"]),
        Route("/dang-nhap", login, methods=["POST"]),
        Route("/dang-xuat", logout, methods=["POST"]),
        Route("/", dashboard, methods=["GET"]),
        Route("/van-ban", documents, methods=["GET"]),
        Route("/van-ban/xem-truoc", preview, methods=["POST"]),
        Route("/van-ban/luu", save, methods=["POST"]),
        Route("/van-ban/{document_id}", document_page, methods=["GET"]),
        Route("/cho-duyet", review, methods=["GET"]),
        Route("/cho-duyet", review_post, methods=["POST"]),
        Route("/cho-duyet/{task_id}/sua", review_edit, methods=["POST"]),
        Route("/gia-han/{request_id}", answer_extension, methods=["POST"]),
        Route("/nhiem-vu", tasks, methods=["GET"]),
        Route("/nhiem-vu/{task_id}", task_page, methods=["GET"]),
        Route("/nhiem-vu/{task_id}/hoan-thanh", done, methods=["POST"]),
        Route("/nhiem-vu/{task_id}/gia-han", extend, methods=["POST"]),
        Route("/nhiem-vu/{task_id}/mo-lai", reopen, methods=["POST"]),
        Route("/nhiem-vu/{task_id}/xin-gia-han", ask_extension, methods=["POST"]),
        Route("/don-vi", units, methods=["GET"]),
        Route("/don-vi/gan", resolve, methods=["POST"]),
        Route("/don-vi/them", add_unit, methods=["POST"]),
        Route("/bao-cao", reports, methods=["GET"]),
        Route("/bao-cao/{kind}", download, methods=["GET"]),
        Route("/lich/{unit_id}/{token}.ics", calendar, methods=["GET"]),
        Route("/tai-khoan", accounts, methods=["GET"]),
        Route("/tai-khoan", account_post, methods=["POST"]),
        Mount("/static", StaticFiles(directory=static), name="static"),
    ]


def build(
    ctx: Context, *, key: str, secure_cookies: bool = False, max_upload: int | None = None
) -> Starlette:
    """The Starlette app on a context (``create_app`` makes the context)."""
    app = Starlette(
        routes=routes(),
        middleware=[Middleware(SessionMiddleware)],
        exception_handlers={HTTPException: http_error, Exception: server_error},
    )
    cap = max_upload or int(ctx.config.get("input", "max_file_mb")) * 1_000_000
    app.state.settings = Settings(
        ctx, security.Sessions(key), security.Throttle(), secure_cookies, cap
    )
    return app


def now_utc() -> datetime:
    """The web app's clock."""
    return datetime.now(UTC)


def temporary_folder() -> tempfile.TemporaryDirectory[str]:
    """A private folder for a report being made (removed after)."""
    return tempfile.TemporaryDirectory(prefix="tracker-web-")
