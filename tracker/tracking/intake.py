"""Intake: what to store for extracted tasks — review state and assignments.

A task is ``confirmed`` when its confidence reaches the configured threshold and
every owner resolves to registered units; otherwise it waits in the review queue
as a ``draft`` and counts nowhere until confirmed (``--confirm`` confirms all).
Each owner fans out to the units it names ("các xã, thị trấn" → every xã and thị
trấn); an owner no unit matches keeps its text, unassigned, for review. An owner that
only points back at the recipients ("các đơn vị", "các cơ quan, đơn vị nêu trên")
becomes the document's Nơi nhận units (``tracking.recipients``), each resolved
against the registry. Every task read from OCR text waits for review.

Imports ``extract.types``, ``store.writes`` and ``tracking``.
"""

from __future__ import annotations

from collections.abc import Sequence

from tracker.extract.types import TaskCandidate
from tracker.store.writes import AssignmentSpec, TaskPlan
from tracker.tracking.recipients import expand_owners
from tracker.tracking.recurrence import period_key
from tracker.tracking.registry import Registry
from tracker.tracking.status import Policy


def plan_task(
    candidate: TaskCandidate,
    *,
    registry: Registry,
    policy: Policy,
    threshold: float,
    confirm: bool,
    recipients: Sequence[str] = (),
    review: bool = False,
) -> TaskPlan:
    """Review state and assignments of one extracted task.

    ``recipients``: the Nơi nhận units an anaphoric owner stands for; ``review``: the
    text came from OCR, so the task waits for review whatever its confidence.
    """
    due_on = policy.last_day(candidate.deadline) if candidate.deadline else None
    period = (
        period_key(candidate.recurrence, candidate.deadline)
        if candidate.recurrence and candidate.deadline
        else ""
    )
    specs: list[AssignmentSpec] = []
    seen: set[tuple[str, int | None, str]] = set()
    leads = expand_owners(candidate.owners, recipients)
    resolved = bool(leads)
    for role, owners in (("lead", leads), ("support", candidate.supports)):
        for owner in owners:
            resolution = registry.resolve(owner)
            if role == "lead" and not resolution.resolved:
                resolved = False
            unit_ids: list[int | None] = [u.id for u in resolution.units] or [None]
            for unit_id in unit_ids:
                if (owner, unit_id, role) in seen:
                    continue
                seen.add((owner, unit_id, role))
                specs.append(
                    AssignmentSpec(unit_id, owner, role, candidate.deadline, due_on, period)
                )
    report = registry.resolve(candidate.report_to).units if candidate.report_to else ()
    confirmed = not review and (confirm or (resolved and candidate.confidence >= threshold))
    return TaskPlan(
        candidate=candidate,
        review="confirmed" if confirmed else "draft",
        report_to_unit_id=report[0].id if len(report) == 1 else None,
        assignments=tuple(specs),
    )


def plan_tasks(
    candidates: Sequence[TaskCandidate],
    *,
    registry: Registry,
    policy: Policy,
    threshold: float,
    confirm: bool,
    recipients: Sequence[str] = (),
    review: bool = False,
) -> list[TaskPlan]:
    """``plan_task`` for every candidate of a document."""
    return [
        plan_task(
            c,
            registry=registry,
            policy=policy,
            threshold=threshold,
            confirm=confirm,
            recipients=recipients,
            review=review,
        )
        for c in candidates
    ]
