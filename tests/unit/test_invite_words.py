"""Invitation words (nlu.answers.invite_request, invite_role, days_named): what school staff type to invite,
list and revoke, in each of our languages — and the searches and everyday words that must not be taken."""

from __future__ import annotations

import pytest

from nlu.answers import InviteRequest, days_named, invite_request, invite_role


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("invite a student", InviteRequest("new", "student")),
        ("Invite a teacher please", InviteRequest("new", "teacher")),
        ("pakviesti mokinį", InviteRequest("new", "student")),
        ("pakviesk mokytoją", InviteRequest("new", "teacher")),
        ("uzaicināt skolotāju", InviteRequest("new", "teacher")),
        ("ielūgt audzēkni", InviteRequest("new", "student")),
        ("zaproś ucznia", InviteRequest("new", "student")),
        ("invita uno studente", InviteRequest("new", "student")),
        ("convidar um aluno", InviteRequest("new", "student")),
        ("пригласить учителя", InviteRequest("new", "teacher")),
        ("пригласить", InviteRequest("new")),
        ("invite", InviteRequest("new")),
        ("my invites", InviteRequest("list")),
        ("kvietimai", InviteRequest("list")),
        ("мои приглашения", InviteRequest("list")),
        ("show my open invites", InviteRequest("list")),
        ("my invitations", InviteRequest("list")),
        ("i miei inviti", InviteRequest("list")),
        ("mano kvietimai", InviteRequest("list")),
        ("revoke invite 2", InviteRequest("revoke", number=2)),
        ("atšaukti kvietimą 1", InviteRequest("revoke", number=1)),
        ("panaikinti kvietimą 12", InviteRequest("revoke", number=12)),
        ("dzēst ielūgumu 3", InviteRequest("revoke", number=3)),
        ("unieważnij zaproszenie 1", InviteRequest("revoke", number=1)),
        ("revoca invito 1", InviteRequest("revoke", number=1)),
        ("revogar convite 1", InviteRequest("revoke", number=1)),
        ("отозвать приглашение 2", InviteRequest("revoke", number=2)),
        ("cancel the second invite", InviteRequest("revoke", number=2)),
        ("revoke the invite", InviteRequest("revoke")),
    ],
)
def test_invite_requests(text: str, expected: InviteRequest) -> None:
    assert invite_request(text) == expected


@pytest.mark.parametrize(
    "text",
    ["kvietiniai miltai", "zaprojektować stronę", "birthday cakes", "cancel my enquiry", "atšaukti 1", "",
     "wedding invitations", "kvietimai vestuvėms", "buffet para 80 convidados", "convidados", "invitati",
     "80 invited guests", "zaproszeni goście", "приглашенные гости", "We can invite your team to see the workshop",
     "we would like to invite the students of your school to our bakery next week",
     "we need 200 printed cards for a wedding, with our logo, by next Friday please"],
)  # fmt: skip
def test_not_invitations(text: str) -> None:
    assert invite_request(text) is None


def test_roles_named() -> None:
    assert [invite_role(t) for t in ("mokinį", "учителя", "a teacher", "Studenci", "professor", "skolēnu")] == [
        "student", "teacher", "teacher", "student", "teacher", "student"
    ]  # fmt: skip
    assert invite_role("teachers and students") is None
    assert invite_role("hello") is None


@pytest.mark.parametrize(
    ("text", "language", "days"),
    [("3 days", "en", 3), ("a week", "en", 7), ("2 weeks", "en", 14), ("7 dienos", "lt", 7), ("savaitė", "lt", 7),
     ("5 dienas", "lv", 5), ("2 tygodnie", "pl", 14), ("1 dzień", "pl", 1), ("un mese", "it", 30),
     ("10 giorni", "it", 10), ("30 dias", "pt", 30), ("три дня", "ru", 3), ("неделя", "ru", 7), ("месяц", "ru", 30)],
)  # fmt: skip
def test_durations(text: str, language: str, days: int) -> None:
    assert days_named(text, language) == days


def test_no_duration() -> None:
    assert days_named("10", "en") is None  # a bare number is read by the question itself
    assert days_named("birthday cakes", "en") is None
