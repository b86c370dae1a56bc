"""Use cases: one function per thing a person does with tracker.

Every face (the command line, the web app, the scheduler, the demo, a drop folder)
calls these functions and nothing below them that writes. Each use case

* takes a ``Context`` (configuration, engine, the face's clock) and, when it
  changes something, the ``actor`` who acts ("cli:<login>", a web user name,
  "scheduler:daily-check");
* validates its input first (``tracker.limits``), then opens its own transaction
  (``session_scope``), so a refusal writes nothing and a success is committed whole;
* records an event naming the actor for every change;
* returns plain data (frozen dataclasses), never ORM objects or open sessions.

Modules: ``documents`` (ingest, list, show, delete, restore), ``tasks`` (lists,
done, extend, reopen, history, stats), ``review`` (the draft queue), ``units`` (the
registry and its changes: rename, merge, retire), ``daily`` (check, send, digest),
``outbox`` (the message queue: list, retry, drop), ``reports`` (the overdue and
periodic reports, the periodic report mailed), ``backup`` (``tracker db backup`` and
the daily backup job), ``transfer`` (whole-database export and import).

Imports everything below it; nothing below imports ``app``.
"""

from __future__ import annotations

from tracker.app.context import Context

__all__ = ["Context"]
