"""The ladder's rules without a database: which step is in force on a day, and who
an overdue assignment escalates to."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.notify.plan import Ladder, _escalations, ladder_step, overdue_step
from tracker.store.queries import AssignmentRow
from tracker.tracking.status import StatusRow


@pytest.mark.parametrize(
    ("left", "expected"),
    [
        (9, None),  # before the first step
        (5, 5),
        (4, 5),  # step 5's day was missed: it is still the one in force
        (3, 3),
        (2, 3),
        (1, 1),
        (0, 0),
    ],
)
def test_the_step_in_force_is_the_latest_reached(left, expected):
    assert ladder_step(left, (5, 3, 1, 0)) == expected


@pytest.mark.parametrize(
    ("days", "every", "expected"),
    [(1, 7, 1), (6, 7, 1), (7, 7, 1), (8, 7, 8), (14, 7, 8), (15, 7, 15), (3, 1, 3), (5, 0, None)],
)
def test_overdue_steps_start_on_the_first_late_day(days, every, expected):
    assert overdue_step(days, every) == expected


def _overdue(unit_id: int, report_to_unit_id: int | None) -> StatusRow:
    row = AssignmentRow(
        task_id=7,
        assignment_id=70,
        unit="Công an huyện",
        unit_id=unit_id,
        role="lead",
        action="tập hợp danh sách đơn vị chưa báo cáo",
        deadline=date(2024, 4, 12),
        original_deadline=date(2024, 4, 12),
        due_on=date(2024, 4, 12),
        extended_on=None,
        done_on=None,
        status="overdue",
        document="41/TB-UBND",
        issued=date(2024, 4, 2),
        report_to="Công an huyện",
        sentence="…",
        report_to_unit_id=report_to_unit_id,
    )
    return StatusRow(row, "overdue", 3, None)


EMAILS = {3: "congan@anhoa.example.vn", 4: "kiemlam@anhoa.example.vn"}


def test_a_unit_is_not_escalated_to_about_itself():
    ladder = Ladder(supervisors=("chanhvp@anhoa.example.vn",))
    recipients = [item.recipient for item in _escalations(_overdue(3, 3), ladder, EMAILS)]
    assert recipients == ["chanhvp@anhoa.example.vn"]


def test_another_units_lateness_goes_to_the_report_to_unit_and_supervisors():
    ladder = Ladder(supervisors=("chanhvp@anhoa.example.vn",))
    recipients = [item.recipient for item in _escalations(_overdue(4, 3), ladder, EMAILS)]
    assert recipients == ["chanhvp@anhoa.example.vn", "congan@anhoa.example.vn"]


def test_no_report_to_and_no_supervisors_has_no_recipient():
    assert _escalations(_overdue(4, None), Ladder(), EMAILS) == []
