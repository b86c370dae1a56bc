"""The web app (``tracker serve``): Starlette + Jinja2, served by uvicorn.

``create_app()`` builds it on the configured database (``TRACKER_CONFIG``,
``TRACKER_DATABASE_URL`` or ``config.toml``, as the CLI), so several workers can run
it: ``uvicorn --factory tracker.web:create_app --workers 4`` (all workers must share
``TRACKER_SECRET_KEY``). Modules: ``app`` (routes and templates), ``security``
(secret key, session cookie, CSRF, throttle, headers), ``exports`` (report files).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starlette.applications import Starlette


def create_app(
    config_path: str | None = None,
    database_url: str | None = None,
    *,
    clock: Callable[[], datetime] | None = None,
    secure_cookies: bool = False,
    max_upload: int | None = None,
) -> Starlette:
    """The web app on the configured database (upgraded to the schema head)."""
    import os

    from tracker.app import Context
    from tracker.config import load_config
    from tracker.store.engine import ensure_schema, make_engine
    from tracker.web.app import build
    from tracker.web.security import secret_key

    config = load_config(config_path, database_url=database_url)
    engine = make_engine(config.database_url)
    ensure_schema(engine, auto_upgrade=bool(config.get("database", "auto_upgrade")))
    ctx = Context(config, engine, clock or (lambda: datetime.now(UTC)))
    secure = secure_cookies or os.environ.get("TRACKER_SECURE_COOKIES", "") in ("1", "true")
    return build(ctx, key=secret_key(config), secure_cookies=secure, max_upload=max_upload)
