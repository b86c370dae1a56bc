"""Intake: what to store for extracted tasks — review state and assignments.

A task is ``confirmed`` when its confidence reaches the configured threshold and
every owner resolves to registered units; otherwise it waits in the review queue
as a ``draft`` and counts nowhere until confirmed (``--confirm`` confirms all).
Each owner fans out to the units it names ("các xã, thị trấn" → every xã and thị
trấn); an owner no unit matches keeps its text, unassigned, for review. The unit
the task reports to is not one of a group's reporters: "các cơ quan, đơn vị … gửi
báo cáo về Công an huyện" fans out to every cơ quan but Công an huyện, which
receives the reports (it is never told to report to itself). An owner that only
points back at the recipients ("các đơn vị", "các cơ quan, đơn vị nêu trên")
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
from tracker.tracking.registry import Registry, Scope
from tracker.tracking.status import Policy


def plan_task(
    candidate: TaskCandidate,
    *,
    registry: Registry,
    policy: Policy,
    threshold: float,
    confirm: bool,
    scope: Scope | None = None,
    recipients: Sequence[str] = (),
    review: bool = False,
) -> TaskPlan:
    """Review state and assignments of one extracted task.

    Group owners fan out in ``scope`` (the issuing body's area, ``Registry.members``);
    ``recipients``: the Nơi nhận units an anaphoric owner stands for; ``review``: the
    text came from OCR, so the task waits for review whatever its confidence
    (``--confirm`` included).
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
    report = registry.resolve(candidate.report_to).units if candidate.report_to else ()
    receiver = report[0].id if len(report) == 1 else None
    for role, owners in (("lead", leads), ("support", candidate.supports)):
        for owner in owners:
            resolution = registry.resolve(owner, within=scope)
            if role == "lead" and not resolution.resolved:
                resolved = False
            members = [
                u.id for u in resolution.units if not (resolution.group and u.id == receiver)
            ]
            if resolution.units and not members:
                continue  # the group was the receiver alone
            unit_ids: list[int | None] = list(members) or [None]
            for unit_id in unit_ids:
                if (owner, unit_id, role) in seen:
                    continue
                seen.add((owner, unit_id, role))
                specs.append(
                    AssignmentSpec(unit_id, owner, role, candidate.deadline, due_on, period)
                )
    confirmed = not review and (confirm or (resolved and candidate.confidence >= threshold))
    return TaskPlan(
        candidate=candidate,
        review="confirmed" if confirmed else "draft",
        report_to_unit_id=receiver,
        assignments=tuple(specs),
    )


def plan_tasks(
    candidates: Sequence[TaskCandidate],
    *,
    registry: Registry,
    policy: Policy,
    threshold: float,
    confirm: bool,
    scope: Scope | None = None,
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
            scope=scope,
            recipients=recipients,
            review=review,
        )
        for c in candidates
    ]
