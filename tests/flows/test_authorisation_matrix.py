"""Authorisation matrix through the bot: every button and command × every role that must not use it → refused
with a message, nothing changed.

The domain matrix (tests/domain/test_authorisation.py) proves each service checks roles. This one goes through
the real router with callback data *validly signed for the attacker* — the worst case: a stale button from a
role they have lost, or a bug that signs one. The signature only says "the bot made this for you"; each
handler must still refuse someone else's enquiry, order, task or listing, before it writes anything or moves
the attacker into a step that promises the action ("Why do you decline?").

Roles: tA (teacher of school A), sA1 (student of A with a task), sA2 (student of A without one), tB and sB
(teacher and student of school B), cC (member of company C, A's customer), cD (member of company D), X (a
consented stranger). One world serves the whole module; each case snapshots every table except the dialogue
state before and after, and a case that changed something marks the world for a rebuild.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core import registry, router
from bot.core.turn import Services
from bot.core.types import Incoming, Reply
from bot.flows.errors import MESSAGES
from domain import accounts, alerts, enquiries, invite_management, order_documents, orders, visits
from domain.catalogue import sync_categories
from domain.db import make_engine, make_session_factory, transaction
from domain.models import Base, ConversationState, Enquiry, Invite, Membership, Organisation, OutboxMessage, Person
from domain.search.service import SearchQuery
from domain.taxonomy import load_taxonomy
from domain.timeutil import utcnow
from tests.domain.factories import build_world, listing, member, person
from tests.flows.helpers import make_services

ROLES = ("tA", "sA1", "sA2", "tB", "sB", "cC", "cD", "X")
OUTSIDERS = ("sA2", "tB", "sB", "cD", "X")  # no part in A's business with C: must never see any of it
SECRETS = ("SECRET-NOTE", "SECRET-RELAY-C", "SECRET-RELAY-A", "SECRET-TASK", "SECRET-DRAFT")

STALE = "This button is no longer valid. Send /menu to start again."
REFUSALS = (
    *MESSAGES.values(),
    "You are not allowed to do this.",  # errors.describe: any Forbidden
    "I could not find that. It may have been removed.",  # errors.describe: any NotFound
    STALE,
    "Only teachers of the school can change this order.",
    "Only teachers of the school that posted this offer can change it.",
    "Only the customer can rate a completed order, once.",
    "I could not find this task. Send /tasks to see your tasks.",
    "Only teachers of a school can post offers.",
    "I can only read aloud the messages I sent to you.",  # 🔊 Listen on someone else's notification
    "Reports are for coordinators of the network.",  # a report with charts (srp) asked by anyone else
    "Only school administrators and teachers can invite people.",
)


# --- the world ----------------------------------------------------------------------------------------------


@dataclass
class World:
    people: dict[str, Person]
    ids: dict[str, int]

    def arg(self, spec: str) -> str:
        """``@name`` is an id of the world (enquiry_open, order, …); anything else is literal."""
        return str(self.ids[spec[1:]]) if spec.startswith("@") else spec


async def _empty(factory: async_sessionmaker[AsyncSession], url: str) -> None:
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    async with transaction(factory) as s:
        if url.startswith("postgresql"):
            await s.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for name in tables:
                await s.execute(text(f"DELETE FROM {name}"))
        await sync_categories(s, load_taxonomy())


async def _build(factory: async_sessionmaker[AsyncSession]) -> World:
    w = await build_world(factory)
    people = {"tA": w.teacher_a, "sA1": w.student_a1, "sA2": w.student_a2, "tB": w.teacher_b, "sB": w.student_b,
              "cC": w.member_c, "cD": w.member_d, "X": w.stranger}  # fmt: skip
    async with transaction(factory) as s:
        for p in [*people.values(), w.owner_c, w.admin_a]:
            await accounts.give_consent(s, p, p.display_name)
        draft = await listing(s, w.school_a, "SECRET-DRAFT offer", status="draft")
        kw: dict[str, Any] = {"quantity": 10, "needed_by": None}
        open_ = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, message="SECRET-NOTE open", **kw)
        taken = await enquiries.create_enquiry(s, w.owner_c, w.listing_a.id, message="SECRET-NOTE taken", **kw)
        done = await enquiries.create_enquiry(s, w.member_c, w.listing_a.id, message="SECRET-NOTE done", **kw)
        order = await enquiries.accept_enquiry(s, w.teacher_a, taken.id)
        await enquiries.relay_message(s, w.owner_c, taken.id, "SECRET-RELAY-C please hurry")
        await enquiries.relay_message(s, w.teacher_a, taken.id, "SECRET-RELAY-A on it")
        task = await orders.add_task(s, w.teacher_a, order.id, "SECRET-TASK bake", utcnow() + timedelta(days=3))
        task = await orders.assign_task(s, w.teacher_a, task.id, [w.student_a1.id])
        finished = await enquiries.accept_enquiry(s, w.teacher_a, done.id)
        await orders.complete_order(s, w.teacher_a, finished.id)
        document = await order_documents.add_document(
            s, w.teacher_a, order.id, file_name="agreement.pdf", content=b"%PDF-1.4\n%%EOF\n", telegram_file_id="BQAC1"
        )
        invite = await invite_management.invite(s, w.teacher_a, w.school_a.id, "student", uses=5, days=7)
        invite_id = await s.scalar(select(Invite.id).where(Invite.token == invite.token))
        assert invite_id is not None
        saved, _new = await alerts.save_search(s, w.owner_c, SearchQuery("wedding cake"))  # cC's colleague's
        company_c = await s.get_one(Organisation, w.company_c.id)  # a verified inclusive employer with a visit offer
        company_c.inclusive_employer = True
        visit = await visits.publish_offer(s, w.owner_c, company_c.id, what="SECRET-VISIT bakery tour", city="Vilnius",
                                           max_group=12, access_notes=None)  # fmt: skip
        visit_request = await visits.request_visit(s, w.teacher_a, visit.id, visit_date=utcnow().date()
                                                   + timedelta(days=10), group_size=5, needs=None)  # fmt: skip
    async with transaction(factory) as s:  # sA1's task notification, delivered: what 🔊 Listen reads
        told = await s.scalar(
            select(OutboxMessage).where(
                OutboxMessage.recipient_id == w.student_a1.id, OutboxMessage.kind == "task_assigned"
            )
        )
        assert told is not None
        told.sent_at = utcnow()
    ids = {"listing": w.listing_a.id, "draft": draft.id, "enquiry_open": open_.id, "enquiry_order": taken.id,
           "order": order.id, "order_done": finished.id, "assignment": task.assignments[0].id, "task": task.id,
           "school_a": w.school_a.id, "student_a1": w.student_a1.id, "company_c": w.company_c.id,
           "document": document.id, "notification": told.id, "invite": invite_id, "saved_search": saved.id,
           "visit_offer": visit.id, "visit_request": visit_request.id}  # fmt: skip
    return World(people, ids)


@dataclass
class Arena:
    """The module's world on one database; rebuilt when a case changed it (or another module emptied it)."""

    factory: async_sessionmaker[AsyncSession]
    url: str
    services: Services
    world: World | None = None
    dirty: bool = True

    async def ready(self) -> World:
        if not self.dirty and self.world is not None:
            async with transaction(self.factory) as s:
                enquiry = await s.get(Enquiry, self.world.ids["enquiry_open"])
                self.dirty = enquiry is None or enquiry.status != "open"
        if self.dirty or self.world is None:
            await _empty(self.factory, self.url)
            self.world = await _build(self.factory)
            self.dirty = False
        async with transaction(self.factory) as s:  # every case starts outside any dialogue
            await s.execute(delete(ConversationState))
        return self.world

    async def turn(self, who: Person, *, callback: str | None = None, text_: str | None = None) -> list[Reply]:
        assert who.telegram_id is not None
        incoming = Incoming(who.telegram_id, who.display_name, "en", utcnow(), text=text_, callback=callback)
        return await router.handle(self.services, incoming)

    async def press(self, who: Person, name: str, *args: str) -> list[Reply]:
        assert who.telegram_id is not None
        return await self.turn(who, callback=self.services.signer.sign(who.telegram_id, name, *args))


@pytest.fixture(scope="module")
async def arena(database_url: str) -> AsyncIterator[Arena]:
    engine = make_engine(database_url)
    factory = make_session_factory(engine)
    yield Arena(factory, database_url, make_services(factory))
    await engine.dispose()


# --- "nothing changed" ----------------------------------------------------------------------------------------

Rows = dict[str, list[dict[str, Any]]]
Mine = Callable[[str, dict[str, Any]], bool]


def _snapshot_query(dialect: str) -> str:
    """One statement that reads every table (but the dialogue state) as JSON: a case takes two, so it must be
    quick — a SELECT per table costs more than the turn under test."""
    parts = []
    for table in Base.metadata.sorted_tables:
        if table.name == ConversationState.__tablename__:
            continue
        columns = ", ".join(f'"{c.name}"' for c in table.columns)
        if dialect == "postgresql":
            rows = f"coalesce(json_agg(json_build_array({columns})), '[]'::json)"
        else:
            rows = f"json_group_array(json_array({columns}))"
        parts.append(f'(SELECT {rows} FROM "{table.name}") AS "{table.name}"')
    return "SELECT " + ", ".join(parts)


async def _snapshot(factory: async_sessionmaker[AsyncSession]) -> Rows:
    """Every row of every table but the dialogue state (which a refused turn may reset)."""
    async with transaction(factory) as s:
        found = (await s.execute(text(_snapshot_query(s.get_bind().dialect.name)))).one()._mapping
    rows: Rows = {}
    for table in Base.metadata.sorted_tables:
        if table.name in found:
            value = found[table.name]
            names = [c.name for c in table.columns]
            rows[table.name] = [dict(zip(names, r, strict=True)) for r in (json.loads(value) if isinstance(value, str)
                                                                          else value)]  # fmt: skip
    return rows


def _nobody(_table: str, _row: dict[str, Any]) -> bool:
    return False


def _own_row(person_id: int) -> Mine:
    """The actor's own person row: language and easy-read are theirs to change."""
    return lambda table, row: table == "people" and row["id"] == person_id


def _changes(before: Rows, after: Rows, mine: Mine = _nobody) -> list[str]:
    found = []
    for table in before:
        old = Counter(repr(sorted(r.items())) for r in before[table] if not mine(table, r))
        new = Counter(repr(sorted(r.items())) for r in after[table] if not mine(table, r))
        found += [f"{table} -{row}" for row in old - new] + [f"{table} +{row}" for row in new - old]
    return found


def _text(replies: list[Reply]) -> str:
    parts = []
    for r in replies:
        parts.append(r.text)
        parts += [b.label for row in r.buttons for b in row]
        if r.document is not None:
            parts.append(r.document[1].decode(errors="replace"))
        if r.voice is not None:
            parts.append(f"🔊 voice note: {r.voice.words}")
    return "\n".join(parts)


def _refused(replies: list[Reply]) -> bool:
    return any(refusal in r.text for r in replies for refusal in REFUSALS)


async def _restore_self(arena: Arena, who: Person) -> None:
    """Self-service buttons may change the actor's language and easy-read: put them back for the next case."""
    async with transaction(arena.factory) as s:
        await s.execute(update(Person).where(Person.id == who.id).values(language="en", easy_read=False))


# --- the matrix -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """How one button may be used. ``allowed``: the roles that may (None: self-service, anyone, on themselves;
    empty: nobody — a stateful button whose state only the server holds, or an object nobody may reach)."""

    args: tuple[tuple[str, ...], ...]
    allowed: frozenset[str] | None
    success: str = ""  # what the action says when it works; a refusal must not say it
    step: str = ""  # a multi-step action: what the attacker types next
    expect: str = ""  # the refusal must be this one

    def attackers(self) -> tuple[str, ...]:
        return ROLES if self.allowed is None else tuple(r for r in ROLES if r not in self.allowed)


def _first(allowed: frozenset[str] | None) -> str:
    """The first allowed role in ROLES order (tA for most buttons), or tA for buttons anyone may press."""
    return next((r for r in ROLES if allowed and r in allowed), "tA")


def protected(allowed: str, *args: tuple[str, ...], success: str, step: str = "") -> Entry:
    return Entry(args, frozenset(allowed.split()), success, step)


def stateful(*args: tuple[str, ...]) -> Entry:
    return Entry(args or ((),), frozenset(), expect=STALE)


def own(*args: tuple[str, ...]) -> Entry:
    return Entry(args or ((),), None)


A, C, S = "tA", "tA cC", "sA1"
MENU_TARGETS = ("offer", "listings", "enquiries", "orders", "tasks", "search", "language", "help", "cancel", "menu",
                "visits")  # fmt: skip
MATRIX: dict[str, list[Entry]] = {
    # enquiries (bot/flows/enquiry.py)
    "eq": [
        protected("tA tB cC cD X", ("@listing",), success="How many do you need"),  # X: asked for a company
        protected("", ("@draft",), success="How many do you need"),
    ],
    "eqk": [stateful(("quantity",))],
    "eqs": [stateful(("quantity",), ("date",), ("message",))],
    "eqsend": [stateful()],
    "eqma": [stateful()],  # "Add this as your message?": only the presser's own draft and words
    "eqms": [stateful()],
    "eqo": [protected("cC", ("@listing", "@company_c"), success="How many do you need")],  # only one's own org
    "eqc": [stateful()],
    "eo": [protected(C, ("@enquiry_open",), ("@enquiry_order",), success="From: Cafe Centras")],
    "rp": [protected(C, ("@enquiry_open",), ("@enquiry_order",), success="Write your message", step="STEAL relay")],
    "rpy": [stateful(("@enquiry_open",))],  # bot/flows/threads.py: the words kept in the state are sent
    "edw": [stateful(("@enquiry_open",))],  # bot/flows/enquiry.py: declined with the words kept in the state
    "rpn": [own()],
    "rpw": [stateful(("@enquiry_open",))],  # the words are in the asker's memory only
    "ea": [protected(A, ("@enquiry_open",), success="Accepted")],
    "ed": [protected(A, ("@enquiry_open",), success="Why do you decline", step="STEAL reason")],
    "edn": [protected(A, ("@enquiry_open",), success="is declined")],
    "rt": [protected("cC", ("@order_done", "5"), success="Add a short comment", step="STEAL comment")],
    "rts": [stateful()],
    # withdrawing and cancelling (bot/flows/cancellations.py)
    "xw": [protected("cC", ("@enquiry_open",), success="Withdraw your enquiry")],
    "xwy": [protected("cC", ("@enquiry_open",), success="is withdrawn")],
    "xo": [protected(C, ("@order",), success="Why do you cancel", step="STEAL reason")],
    "xoy": [protected(C, ("@order",), success="Why do you cancel", step="STEAL reason")],  # no reason kept: asked
    # orders (bot/flows/orders.py)
    "ol": [own(("0",))],
    "oo": [protected(C, ("@order",), ("@order_done",), success="Progress:")],
    "ot": [protected(A, ("@order",), success="what is the task", step="STEAL task")],
    "ods": [stateful()],
    "og": [stateful(("@student_a1",))],
    "opg": [stateful(("1",))],
    "oa": [stateful()],
    "oc": [protected(A, ("@order",), success="Complete order #")],
    # documents on an order (bot/flows/documents.py): either side of it
    "oda": [protected(C, ("@order",), success="Send the document for order", step="STEAL document")],
    "odd": [protected(C, ("@document",), success="agreement.pdf")],
    "odp": [stateful(("@order",))],
    "ocy": [protected(A, ("@order",), success="is completed")],
    # tasks (bot/flows/tasks.py)
    "ta": [protected(S, ("@assignment",), success="Your teacher can see")],
    "tq": [protected(S, ("@assignment",), success="Write your question", step="STEAL question")],
    "td": [protected(S, ("@assignment",), success="Is the task")],
    "tdy": [protected(S, ("@assignment",), success="Well done!")],
    "tdn": [own()],
    # reading a notification aloud (bot/flows/listen.py): only its recipient
    "ls": [protected(S, ("@notification",), success="🔊 voice note: ")],
    # changing a task given out (bot/flows/task_edit.py): the school's teachers
    "otw": [protected(A, ("@order",), success="Due date")],
    "otk": [stateful(("@order",))],  # a typed task's order: needs the task typed just before
    "tpy": [stateful(("@order",))],  # a typed plan of tasks: needs the plan shown just before (bot/flows/task_plan.py)
    "ote": [protected(A, ("@task",), success="Due date")],
    "otn": [protected(A, ("@task",), success="Send the new title", step="STEAL title")],
    "otd": [protected(A, ("@task",), success="When is", step="STEAL date")],
    "otdn": [protected(A, ("@task",), success=": no due date")],
    "ots": [protected(A, ("@task",), success="Who does")],
    "otu": [protected(A, ("@task",), success="Who stops doing")],
    "otx": [protected(A, ("@task",), success="Delete the task")],
    "otxy": [protected(A, ("@task",), success="is deleted")],
    "otp": [protected(A, ("@task",), success="Due date")],
    # the conversation about a task (bot/flows/task_talk.py): the school's teachers answer the student
    "tr": [protected(A, ("@assignment",), success="Write your answer", step="STEAL answer")],
    "tay": [stateful(("@assignment",))],  # bot/flows/threads.py: the words kept in the state are the answer
    "tqy": [stateful(("@assignment",))],  # bot/flows/tasks.py: a student's words kept in the state go to the teacher
    # listings (bot/flows/listings.py)
    "lg": [own(("0",))],
    "lo": [protected(A, ("@listing",), ("@draft",), success="Status:")],
    "lp": [protected(A, ("@listing",), success="Paused")],
    "lr": [protected(A, ("@draft",), success="Published")],
    "la": [protected(A, ("@listing",), success="Archive «")],
    "lx": [protected(A, ("@listing",), ("@draft",), success="is archived")],
    "le": [protected(A, ("@listing",), success="What do you want to change")],
    "lf": [protected(A, ("@listing", "title"), ("@draft", "price"), success="Send the ", step="STEAL title")],
    # a listing's pictures (bot/flows/photos.py): the school's teachers
    "lh": [protected(A, ("@listing",), ("@draft",), success="Send up to")],
    "lz": [protected(A, ("@listing",), success="Photos removed")],
    # posting an offer (bot/flows/offer.py): everything acts on the draft in the actor's own dialogue state
    "ofs": [stateful(("@school_a",))],
    "ofe": [stateful(("title",))],
    "ofm": [stateful()],
    "ofk": [stateful(("0",), ("1",))],
    "ofc": [stateful(("0",))],
    "ofu": [stateful()],
    "ofn": [stateful(("kg",))],
    "ofv": [stateful()],
    "ofw": [stateful(("LT",))],
    "ofr": [stateful()],
    "ofp": [stateful()],
    "ofd": [stateful()],
    "ofi": [stateful()],
    "ofx": [stateful()],
    # search (bot/flows/search.py): public offers only
    "sp": [own(("1",))],
    "sc": [own(("bakery",))],
    "sd": [own(("@listing",)), protected("", ("@draft",), success="SECRET-DRAFT")],
    # reporting an offer (bot/flows/offer_reports.py): anyone may report a published offer, nobody a draft
    "rpt": [own(("@listing",), ("@draft",))],
    "rpr": [
        protected(" ".join(ROLES), ("@listing", "spam"), success="Thank you"),
        protected("", ("@draft", "spam"), success="Thank you"),
    ],
    # moderation (bot/flows/coordination.py): coordinators only, and nobody in this world is one
    "mh": [protected("", ("@listing", "0"), success="is hidden")],
    "mr": [protected("", ("@listing",), success="is not hidden")],
    "mx": [protected("", ("@listing",), success="wait for a decision")],
    "ov": [protected("", ("@school_a",), success="is verified")],
    "al": [protected("", ("0",), success="Audit log")],
    # reports with charts (bot/flows/reports.py): coordinators only
    "srp": [protected("", ("months.6", "country"), success="VET2B network report")],
    # alerts about new offers (bot/flows/alerts.py): a person's own saved searches only (this one is owner_c's)
    "ss": [own(("0",))],  # saves the actor's last search, if any
    "sx": [protected("", ("@saved_search",), success="Deleted the alert")],
    "sxa": [own()],  # deletes the actor's own alerts
    # start, menu, account (bot/flows/start.py, account.py): the actor's own settings
    "cc": [own(("LT",))],
    "role": [own(("company",), ("school",), ("guest",))],
    "rc": [own()],  # asks the new company's name; a student is refused
    "iv": [stateful()],  # the invite link waits in the person's own dialogue state
    "lang": [own(("lt",))],
    "easy": [own(("1",), ("0",))],
    "m": [own(*((t,) for t in MENU_TARGETS))],
    "del": [own(("no",))],  # "yes" erases the presser only: test_deleteme_erases_only_the_presser
    # invitations (bot/flows/invites.py): school staff; an invite is revoked by its maker (or the school's admin)
    "ivn": [protected("tA tB", (), success="How many students may join")],
    "ivs": [stateful(("@school_a",))],
    "ivo": [stateful(("teacher",), ("student",))],
    "ivu": [stateful(("5",))],
    "ivd": [stateful(("7",))],
    "ivx": [protected("tA", ("@invite",), success="Revoked:")],
    # inclusive employers and class visits (bot/flows/visits.py): C is a verified inclusive employer, D is not
    "vdi": [protected("cC", ("@company_c",), success="employs people with disabilities")],
    "vdy": [protected("cC", ("@company_c",), success="has already declared it")],
    "vok": [protected("", ("@company_c",), success="confirmed as an inclusive employer")],  # coordinators only
    "vnew": [protected("cC", ("@company_c",), success="What can a class see")],
    "vci": [stateful()],
    "vsz": [stateful(("10",))],
    "vns": [stateful()],
    "vrq": [protected("tA tB", ("@visit_offer",), success="On which day")],
    "vgs": [stateful(("5",))],
    "vnn": [stateful()],
    "vac": [protected("cC", ("@visit_request",), success="Visit accepted")],
    "vdc": [protected("cC", ("@visit_request",), success="is declined")],
}


def _cases(kind: str) -> list[Any]:
    cases = []
    for name, entries in MATRIX.items():
        for entry in entries:
            if (entry.allowed is None) != (kind == "own"):
                continue
            for args in entry.args:
                for role in entry.attackers():
                    cases.append(pytest.param(name, entry, args, role, id=f"{':'.join((name, *args))}-{role}"))
    return cases


def test_every_button_is_in_the_matrix() -> None:
    """A new button without a matrix entry fails here: say who may press it."""
    assert sorted(MATRIX) == sorted(registry.BUTTONS)


@pytest.mark.parametrize(("name", "entry", "args", "role"), _cases("refuse"))
async def test_refused_and_nothing_changed(arena: Arena, name: str, entry: Entry, args: tuple[str, ...],
                                           role: str) -> None:  # fmt: skip
    w = await arena.ready()
    attacker = w.people[role]
    before = await _snapshot(arena.factory)

    replies = await arena.press(attacker, name, *(w.arg(a) for a in args))
    went_on = await arena.turn(attacker, text_=entry.step) if entry.step else []

    changed = _changes(before, await _snapshot(arena.factory))
    arena.dirty = arena.dirty or bool(changed)
    assert not changed, f"{role} changed data with {name}{args}"
    said = _text(replies)
    assert replies and _refused(replies), f"{role} pressing {name}{args} was not refused: {said!r}"
    assert entry.expect in said and not (entry.success and entry.success in said)
    if role in OUTSIDERS:
        assert not [s for s in SECRETS if s in said + _text(went_on)]


@pytest.mark.parametrize(("name", "entry", "args", "role"), _cases("own"))
async def test_self_service_touches_nobody_else(arena: Arena, name: str, entry: Entry, args: tuple[str, ...],
                                                role: str) -> None:  # fmt: skip
    w = await arena.ready()
    actor = w.people[role]
    before = await _snapshot(arena.factory)

    replies = await arena.press(actor, name, *(w.arg(a) for a in args))

    changed = _changes(before, await _snapshot(arena.factory), _own_row(actor.id))
    await _restore_self(arena, actor)
    arena.dirty = arena.dirty or bool(changed)
    assert not changed, f"{role} changed others' data with {name}{args}"
    assert replies
    if role in OUTSIDERS:
        assert not [s for s in SECRETS if s in _text(replies)]


ALLOWED = [
    pytest.param(name, entry, args, _first(entry.allowed), id=f"{':'.join((name, *args))}")
    for name, entries in MATRIX.items()
    for entry in entries
    if entry.allowed
    for args in entry.args
]


@pytest.mark.parametrize(("name", "entry", "args", "role"), ALLOWED)
async def test_the_allowed_role_gets_through(arena: Arena, name: str, entry: Entry, args: tuple[str, ...],
                                             role: str) -> None:  # fmt: skip
    """The control: with the same arguments, the right person is not refused, so the refusals above are about
    the role, not about a wrong id."""
    w = await arena.ready()
    before = await _snapshot(arena.factory)
    replies = await arena.press(w.people[role], name, *(w.arg(a) for a in args))
    changed = _changes(before, await _snapshot(arena.factory))
    arena.dirty = arena.dirty or bool(changed)  # accepted, paused, …
    said = _text(replies)
    assert not _refused(replies) and entry.success in said, said
    assert bool(changed) == (name in WRITES)  # and the snapshot sees a change when there is one


# one press that changes data, for the right person
WRITES = {
    "ea",
    "edn",
    "ocy",
    "lp",
    "lr",
    "lx",
    "lz",
    "ta",
    "tdy",
    "otdn",
    "otxy",
    "xwy",
    "odd",
    "rpr",
    "ivx",
    "vac",
    "vdc",
}  # odd: audited


# --- commands -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("command", sorted(registry.COMMANDS))
async def test_every_command_by_every_role(arena: Arena, command: str, role: str) -> None:
    w = await arena.ready()
    actor = w.people[role]
    before = await _snapshot(arena.factory)

    replies = await arena.turn(actor, text_=f"/{command}")

    changed = _changes(before, await _snapshot(arena.factory), _own_row(actor.id))
    await _restore_self(arena, actor)
    arena.dirty = arena.dirty or bool(changed)
    assert not changed
    assert replies
    if role in OUTSIDERS:
        assert not [s for s in SECRETS if s in _text(replies)]
    if command == "offer" and role not in ("tA", "tB"):
        assert "Only teachers of a school can post offers." in _text(replies)


async def test_deleteme_erases_only_the_presser(arena: Arena) -> None:
    """/deleteme → "Yes, delete" erases the presser (a throwaway member of company D), and nobody else."""
    w = await arena.ready()
    async with transaction(arena.factory) as s:
        ghost = await person(s, "Throwaway")
        company_d = await s.scalar(select(Organisation).where(Organisation.name == "Other Ltd"))
        assert company_d is not None
        await member(s, ghost, company_d, "member")
        await accounts.give_consent(s, ghost, ghost.display_name)
    arena.dirty = True
    before = await _snapshot(arena.factory)

    asked = await arena.turn(ghost, text_="/deleteme")
    replayed = [await arena.turn(w.people[r], callback=asked[0].buttons[0][0].data) for r in ROLES]
    assert all(r[0].text == STALE for r in replayed)  # the button is the ghost's: nobody else can press it
    assert not _changes(before, await _snapshot(arena.factory))
    done = await arena.turn(ghost, callback=asked[0].buttons[0][0].data)

    def ghosts(table: str, row: dict[str, Any]) -> bool:
        return (table, row.get("id")) == ("people", ghost.id) or (table, row.get("person_id")) == (
            "memberships", ghost.id) or (table, row.get("actor_id")) == ("audit_events", ghost.id)  # fmt: skip

    assert "has been deleted" in _text(done)
    assert not _changes(before, await _snapshot(arena.factory), ghosts)
    async with transaction(arena.factory) as s:
        row = await s.get_one(Person, ghost.id)
        assert row.erased_at is not None and row.telegram_id is None
        assert not await accounts.memberships(s, ghost.id)


# --- forged and replayed buttons ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(MATRIX))
async def test_forged_or_replayed_button_is_no_longer_valid(arena: Arena, name: str) -> None:
    """Signed for someone else and replayed, tampered with, or unsigned: "no longer valid", nothing changed."""
    w = await arena.ready()
    entry = MATRIX[name][0]
    owner = w.people[_first(entry.allowed)]
    assert owner.telegram_id is not None
    data = arena.services.signer.sign(owner.telegram_id, name, *(w.arg(a) for a in entry.args[0]))
    payload, _, signature = data.rpartition("~")
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    attempts = [(w.people[r], data) for r in ROLES if w.people[r] is not owner]
    attempts += [(owner, f"{payload}~{flipped}"), (owner, payload), (owner, f"{payload}~")]
    before = await _snapshot(arena.factory)
    for who, callback in attempts:
        replies = await arena.turn(who, callback=callback)
        assert [r.text for r in replies] == [STALE], (who.display_name, callback)
    changed = _changes(before, await _snapshot(arena.factory))
    arena.dirty = arena.dirty or bool(changed)
    assert not changed


async def test_unknown_action_validly_signed_is_no_longer_valid(arena: Arena) -> None:
    w = await arena.ready()
    replies = await arena.press(w.people["tA"], "zz", str(w.ids["order"]))
    assert [r.text for r in replies] == [STALE]


# --- multi-step flows: a legitimate start, then someone else's object ----------------------------------------


async def test_own_listing_enquiry_wizard_ends_in_a_refusal(arena: Arena) -> None:
    """tA may open the enquiry wizard on their own school's offer, but sending it is refused."""
    w = await arena.ready()
    tA = w.people["tA"]
    before = await _snapshot(arena.factory)
    await arena.press(tA, "eq", str(w.ids["listing"]))
    for field_ in ("quantity", "date", "message"):
        await arena.press(tA, "eqs", field_)
    replies = await arena.press(tA, "eqsend")
    assert [r.text for r in replies] == ["This offer is from your own school."]
    assert not _changes(before, await _snapshot(arena.factory))


async def test_offer_draft_cannot_be_moved_to_another_school(arena: Arena) -> None:
    """tB drafts an offer (for school B), then presses "school A" with a valid signature: refused, draft stays B's."""
    w = await arena.ready()
    tB = w.people["tB"]
    before = await _snapshot(arena.factory)
    await arena.turn(tB, text_="/offer We offer car service, 30 EUR per hour")
    refused = await arena.press(tB, "ofs", str(w.ids["school_a"]))
    assert [r.text for r in refused] == [STALE]
    assert not _changes(before, await _snapshot(arena.factory))
    async with transaction(arena.factory) as s:
        state = await s.get_one(ConversationState, tB.id)
        assert state.data["org"] != w.ids["school_a"]
    await arena.turn(tB, text_="/cancel")


async def test_task_picker_refuses_students_of_another_school(arena: Arena) -> None:
    """tA adds a task to A's order; a valid "og" button naming B's student is stale, and nobody is assigned."""
    w = await arena.ready()
    tA, sB = w.people["tA"], w.people["sB"]
    before = await _snapshot(arena.factory)
    await arena.press(tA, "ot", str(w.ids["order"]))
    await arena.turn(tA, text_="Pack the boxes")
    picker = await arena.press(tA, "ods")
    assert "Pack the boxes" in _text(picker)
    assert [r.text for r in await arena.press(tA, "og", str(sB.id))] == [STALE]
    assert "Choose at least one student" in _text(await arena.press(tA, "oa"))
    assert not _changes(before, await _snapshot(arena.factory))
    await arena.turn(tA, text_="/cancel")


async def test_teacher_removed_mid_flow_cannot_finish(arena: Arena) -> None:
    """A teacher who leaves school A while editing an offer or adding a task is refused at the next step."""
    w = await arena.ready()
    async with transaction(arena.factory) as s:
        leaver = await person(s, "Leaver")
        school_a = await s.get_one(Organisation, w.ids["school_a"])
        await member(s, leaver, school_a, "teacher")
        await accounts.give_consent(s, leaver, leaver.display_name)
    arena.dirty = True  # a new person
    assert "Send the title" in _text(await arena.press(leaver, "lf", str(w.ids["listing"]), "title"))
    assert "what is the task" in _text(await arena.press(leaver, "ot", str(w.ids["order"])))  # the latest flow wins
    await arena.turn(leaver, text_="Steal the order")
    async with transaction(arena.factory) as s:
        await s.execute(delete(Membership).where(Membership.person_id == leaver.id))
    before = await _snapshot(arena.factory)

    replies = await arena.press(leaver, "ods")

    assert _refused(replies), _text(replies)
    assert not _changes(before, await _snapshot(arena.factory))
    assert "Send the title" not in _text(await arena.press(leaver, "lf", str(w.ids["listing"]), "title"))
    assert not _changes(before, await _snapshot(arena.factory))
