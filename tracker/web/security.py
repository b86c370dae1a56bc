"""Security of the web app: the secret key, the signed session cookie, CSRF tokens,
the per-address login throttle and the response headers (CSP without inline script).

* Secret key: ``TRACKER_SECRET_KEY``, else a file ``secret_key`` generated once (mode
  0600) beside the SQLite database, else beside the configuration file, else in the
  user data directory. Several workers must share it: set the variable.
* Session: a JSON dict signed with itsdangerous (HMAC-SHA256, timestamped, 12 hours),
  cookie HttpOnly, SameSite=Lax, Secure when the request came over TLS (directly, or
  through a trusted proxy's X-Forwarded-Proto, which uvicorn applies for the
  addresses of ``--forwarded-allow-ips``) or when ``secure_cookies`` is set.
* CSRF: a random token per session, in a hidden field of every form; every POST
  without it (or with another) is refused with 403.
* Throttle: 5 failed logins from one address → that address waits 15 minutes (the
  account's own counter is in the database: ``app.users.authenticate``).
"""

from __future__ import annotations

import hmac
import os
import secrets
import threading
import time
from hashlib import sha256
from pathlib import Path
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer

from tracker.config import Config

SESSION_COOKIE = "tracker_session"
SESSION_MAX_AGE = 12 * 3600
SECRET_ENV = "TRACKER_SECRET_KEY"
SECRET_FILE = "secret_key"
MAX_FAILURES = 5
LOCK_SECONDS = 15 * 60

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; connect-src 'self'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def secret_folder(config: Config) -> Path:
    """Where the generated key is kept: beside the SQLite file, else the config file,
    else the user data directory."""
    url = config.database_url
    if url.startswith("sqlite") and ":memory:" not in url:
        from sqlalchemy.engine import make_url

        database = make_url(url).database
        if database and not database.startswith("file:"):
            return Path(database).expanduser().resolve().parent
    if config.path is not None:
        return Path(config.path).resolve().parent
    from platformdirs import user_data_dir

    return Path(user_data_dir("tracker", appauthor=False))


def secret_key(config: Config) -> str:
    """``TRACKER_SECRET_KEY``, else the key file (created once, mode 0600)."""
    given = os.environ.get(SECRET_ENV, "").strip()
    if given:
        return given
    folder = secret_folder(config)
    path = folder / SECRET_FILE
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:  # another worker made it first
            pass
        else:
            with os.fdopen(fd, "w", encoding="ascii") as out:
                out.write(secrets.token_urlsafe(48) + "\n")
            path.chmod(0o600)
    return path.read_text(encoding="ascii").strip()


class Sessions:
    """Sign and read the session cookie."""

    def __init__(self, key: str) -> None:
        self._signer = URLSafeTimedSerializer(
            key, salt="tracker-session", signer_kwargs={"digest_method": sha256}
        )
        self._key = key.encode()

    def dump(self, data: dict[str, Any]) -> str:
        """The cookie value of a session (URL-safe base64 of JSON, then the signature)."""
        return str(self._signer.dumps(data))

    def load(self, value: str | None) -> dict[str, Any]:
        """The session of a cookie; {} when absent, forged, or older than 12 hours."""
        if not value:
            return {}
        try:
            data = self._signer.loads(value, max_age=SESSION_MAX_AGE)
        except (BadSignature, UnicodeError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def calendar_token(self, unit_id: int) -> str:
        """The secret token of a unit's calendar URL (HMAC of the unit id)."""
        mac = hmac.new(self._key, f"calendar:{unit_id}".encode(), sha256).hexdigest()
        return mac[:32]

    def calendar_ok(self, unit_id: int, token: str) -> bool:
        """Whether ``token`` is the unit's calendar token (constant time)."""
        return hmac.compare_digest(self.calendar_token(unit_id), token)


def new_csrf() -> str:
    """A fresh CSRF token."""
    return secrets.token_urlsafe(32)


def csrf_ok(expected: object, given: object) -> bool:
    """Constant-time comparison of the session's token with the form's."""
    return (
        isinstance(expected, str)
        and isinstance(given, str)
        and bool(expected)
        and hmac.compare_digest(expected, given)
    )


class Throttle:
    """Failed logins per address: ``MAX_FAILURES`` → blocked for ``LOCK_SECONDS``."""

    def __init__(self, clock: Any = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, int] = {}
        self._blocked: dict[str, float] = {}

    def wait(self, address: str) -> int:
        """Seconds this address must still wait (0: it may try)."""
        with self._lock:
            until = self._blocked.get(address)
            if until is None:
                return 0
            left = until - self._clock()
            if left <= 0:
                del self._blocked[address]
                return 0
            return int(left) + 1

    def failed(self, address: str) -> None:
        """One more failure from ``address``."""
        with self._lock:
            count = self._failures.get(address, 0) + 1
            if count >= MAX_FAILURES:
                self._blocked[address] = self._clock() + LOCK_SECONDS
                count = 0
            self._failures[address] = count
            if len(self._failures) > 100_000:  # bounded memory under a spray
                self._failures.clear()

    def succeeded(self, address: str) -> None:
        """A successful login clears the address's count."""
        with self._lock:
            self._failures.pop(address, None)
