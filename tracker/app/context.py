"""The context every use case receives: configuration, engine and the face's clock.

The clock is the face's (``datetime.now(UTC)`` in the CLI and the scheduler, a
fixed instant in tests): no function of ``app`` reads the wall clock itself.
Imports ``config``, ``store.engine``, ``tracking.status`` and ``notify.plan``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from tracker.config import Config
from tracker.notify.plan import Ladder
from tracker.store.engine import session_scope
from tracker.tracking.status import Policy


@dataclass(frozen=True)
class Context:
    """Configuration, an engine at the schema head, and the face's clock (UTC instants)."""

    config: Config
    engine: Engine
    clock: Callable[[], datetime]

    def now(self) -> datetime:
        """The instant written on events (aware, UTC)."""
        return self.clock()

    def today(self) -> date:
        """Today in the configured time zone, by the face's clock."""
        return self.clock().astimezone(ZoneInfo(self.config.timezone)).date()

    @property
    def policy(self) -> Policy:
        """The deadline policy of ``[deadlines]``."""
        return Policy.from_config(self.config)

    @property
    def ladder(self) -> Ladder:
        """The reminder ladder of ``[reminders]``."""
        return Ladder.from_config(self.config)

    @property
    def threshold(self) -> float:
        """Confidence below which an extracted task waits for review."""
        return float(self.config.get("review", "confidence_threshold"))

    @contextmanager
    def read(self) -> Iterator[Session]:
        """One transaction that only reads (on SQLite it never waits for a writer)."""
        with session_scope(self.engine, write=False) as session:
            yield session
