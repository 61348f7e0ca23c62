"""Which students a teacher's words name (bot/flows/task_plan.named_students): reminders, plans and task changes
reach the students named, and only them."""

from __future__ import annotations

import pytest

from bot.flows.task_plan import named_students
from domain.views import StudentView

STUDENTS = [StudentView(1, "Console Student A", False), StudentView(2, "Console Student B", False),
            StudentView(3, "Ona Kazlauskaitė", False)]  # fmt: skip


@pytest.mark.parametrize(
    ("said", "named"),
    [
        ("manda un promemoria solo a Student B", [2]),  # the Italian "a" is no "Student A"
        ("ricorda a Student B la scadenza", [2]),
        ("remind Student A", [1]),
        ("Student A: the 3D model; Student B: printing", [1, 2]),
        ("tell Ona the date", [3]),
        ("remind everyone", []),
    ],
)
def test_the_students_named(said: str, named: list[int]) -> None:
    assert named_students(STUDENTS, said) == named
