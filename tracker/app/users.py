"""Use cases on the accounts of the web app: add, list, change a password, disable,
and the login itself (argon2id hashes; 5 failures in a row lock an account for 15
minutes).

Every change is an event naming the actor (kinds ``user_added``, ``user_password``,
``user_disabled``; the account's name in ``detail``). Accounts are never deleted.

Imports ``app.context``, ``store``, ``tracking.registry``; argon2-cffi.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.app.context import Context
from tracker.errors import BadInput
from tracker.limits import check_text
from tracker.store import writes
from tracker.store.engine import session_scope
from tracker.store.models import USER_ROLES, Unit, User
from tracker.tracking.registry import load_registry

NAME_MAX = 100
PASSWORD_MIN = 8
PASSWORD_MAX = 200
# login throttle (per account; the web app also counts per address)
MAX_FAILURES = 5
LOCK_MINUTES = 15

ROLE_LABELS = {
    "admin": "quản trị",
    "secretariat": "văn phòng",
    "supervisor": "lãnh đạo",
    "unit": "đơn vị",
}

_hasher = PasswordHasher()  # argon2id, the library's RFC 9106 low-memory profile
# verified against when the account does not exist, so both take the same time
_DUMMY_HASH = _hasher.hash("tracker-no-such-account")


class LoginRefused(BadInput):
    """Wrong name or password, a disabled account, or one locked after failures."""


@dataclass(frozen=True, slots=True)
class UserRow:
    """An account as the faces see it (never its hash)."""

    user_id: int
    name: str
    role: str
    unit: str | None
    unit_id: int | None
    active: bool
    created_at: datetime


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _row(user: User) -> UserRow:
    return UserRow(
        user.id,
        user.name,
        user.role,
        user.unit.name if user.unit is not None else None,
        user.unit_id,
        user.active,
        user.created_at,
    )


def check_password(password: str) -> str:
    """A new password: 8 to 200 characters."""
    if len(password) < PASSWORD_MIN:
        raise BadInput(f"mật khẩu quá ngắn (ít nhất {PASSWORD_MIN} ký tự)")
    check_text(password, label="mật khẩu", limit=PASSWORD_MAX)
    return password


def _check_name(name: str) -> str:
    clean = " ".join(name.split())
    if not clean:
        raise BadInput("tên tài khoản trống")
    check_text(clean, label="tên tài khoản", limit=NAME_MAX)
    return clean


def _user(session: Session, name: str) -> User:
    user = session.scalars(select(User).where(User.name_key == _key(name))).first()
    if user is None:
        raise BadInput(f"không có tài khoản {name!r} (xem 'tracker users list')")
    return user


def add_user(
    ctx: Context, name: str, *, role: str, unit: str | None, password: str, actor: str
) -> UserRow:
    """A new account; a ``unit`` account names its (registered, active) unit."""
    clean = _check_name(name)
    if role not in USER_ROLES:
        raise BadInput(f"vai trò không hợp lệ {role!r} (chọn {', '.join(USER_ROLES)})")
    if role == "unit" and not unit:
        raise BadInput("tài khoản vai trò unit cần --unit (tên đơn vị trong danh mục)")
    if role != "unit" and unit:
        raise BadInput("chỉ tài khoản vai trò unit mới gắn với một đơn vị (--unit)")
    check_text(unit, label="--unit", limit=200)
    check_password(password)
    hashed = _hasher.hash(password)
    with session_scope(ctx.engine) as session:
        if session.scalars(select(User).where(User.name_key == _key(clean))).first():
            raise BadInput(f"tài khoản {clean!r} đã có")
        unit_row = None
        if unit:
            found = load_registry(session).named(unit)
            if found is None:
                raise BadInput(
                    f"không có đơn vị {unit!r} trong danh mục (xem 'tracker units list')"
                )
            unit_row = session.get(Unit, found.id)
            if unit_row is None or not unit_row.active:
                raise BadInput(f"đơn vị {unit!r} đã thôi hoạt động")
        user = User(
            name=clean,
            name_key=_key(clean),
            role=role,
            unit=unit_row,
            password_hash=hashed,
            active=True,
            created_at=ctx.now(),
            failed_logins=0,
        )
        session.add(user)
        writes.event(
            session,
            "user_added",
            now=ctx.now(),
            on=ctx.today(),
            actor=actor,
            unit_id=unit_row.id if unit_row else None,
            detail=f"{clean} ({role})",
        )
        session.flush()
        return _row(user)


def list_users(ctx: Context) -> list[UserRow]:
    """Every account, by name."""
    with ctx.read() as session:
        return [_row(u) for u in session.scalars(select(User).order_by(User.name_key))]


def get_user(ctx: Context, user_id: int) -> UserRow | None:
    """The account of a session (None when it no longer exists)."""
    with ctx.read() as session:
        user = session.get(User, user_id)
        return _row(user) if user is not None else None


def set_password(ctx: Context, name: str, *, password: str, actor: str) -> UserRow:
    """A new password (unlocks the account)."""
    check_password(password)
    hashed = _hasher.hash(password)
    with session_scope(ctx.engine) as session:
        user = _user(session, name)
        user.password_hash = hashed
        user.failed_logins = 0
        user.locked_until = None
        writes.event(
            session, "user_password", now=ctx.now(), on=ctx.today(), actor=actor, detail=user.name
        )
        return _row(user)


def disable_user(ctx: Context, name: str, *, actor: str) -> UserRow:
    """An account that can no longer log in (its sessions end at their next request)."""
    with session_scope(ctx.engine) as session:
        user = _user(session, name)
        if not user.active:
            raise BadInput(f"tài khoản {user.name!r} đã bị khóa")
        user.active = False
        writes.event(
            session, "user_disabled", now=ctx.now(), on=ctx.today(), actor=actor, detail=user.name
        )
        return _row(user)


def authenticate(ctx: Context, name: str, password: str) -> UserRow:
    """The account of a correct name and password; else ``LoginRefused``.

    After ``MAX_FAILURES`` wrong passwords in a row the account is locked for
    ``LOCK_MINUTES`` (even the right password is refused meanwhile).
    """
    refused = "sai tên đăng nhập hoặc mật khẩu"
    if len(name) > NAME_MAX or len(password) > PASSWORD_MAX:
        raise LoginRefused(refused)
    now = ctx.now()
    problem: str | None = None
    with session_scope(ctx.engine) as session:  # a failure is counted: committed, then refused
        user = session.scalars(select(User).where(User.name_key == _key(name))).first()
        if user is None:
            _verify(_DUMMY_HASH, password)
            raise LoginRefused(refused)
        if user.locked_until is not None and user.locked_until > now:
            minutes = int((user.locked_until - now).total_seconds() // 60) + 1
            problem = f"tài khoản tạm khóa do đăng nhập sai nhiều lần; thử lại sau {minutes} phút"
        elif not _verify(user.password_hash, password) or not user.active:
            problem = refused
            if user.active:
                user.failed_logins += 1
                if user.failed_logins >= MAX_FAILURES:
                    user.failed_logins = 0
                    user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                    writes.event(
                        session,
                        "user_locked",
                        now=now,
                        on=ctx.today(),
                        actor="web",
                        detail=user.name,
                    )
        else:
            user.failed_logins = 0
            user.locked_until = None
            if _hasher.check_needs_rehash(user.password_hash):
                user.password_hash = _hasher.hash(password)
            found = _row(user)
    if problem is not None:
        raise LoginRefused(problem)
    return found


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
