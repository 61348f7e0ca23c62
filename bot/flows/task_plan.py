"""A task plan typed in one message: "Jonas designs the 3D model, Ona prints and packs them, both by Friday".

Teachers split an order the way they would tell their class, in one sentence, naming who does what. It became one
task titled with the whole sentence and nobody on it (blind testers, three sessions in a row). A message that names
two or more of the school's students, each with their own part, is read as that many tasks, each with its students
and due date (a date said "for both" is everyone's); the teacher sees the plan and adds it with one yes. Anything
less clear goes to the one-task wizard as before (bot/flows/orders.py), so nothing is created on a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from bot.core import registry
from bot.core.callbacks import Action
from bot.core.turn import Turn
from bot.flows.common import student_name
from bot.i18n import escape
from domain.limits import TASK_TITLE_MAX
from domain.orders import add_task, assign_task
from domain.search.translit import to_latin
from domain.timeutil import as_utc
from domain.views import StudentView
from nlu import answers
from nlu.normalise._text import fold, words_of
from nlu.normalise.dates import read_day_typed, without_due_date

FLOW = "taskplan"
DUE_HOUR = time(12, 0, tzinfo=UTC)  # as bot/flows/orders.py stores a task's day
MAX_TASKS = 8
# Where one student's part ends and the next one's may begin: a comma, a semicolon, a new line, a numbered item, or
# "and"/"then" in the seven languages ("Jonas bakes and Ona packs"). A piece naming nobody continues the one before.
_PIECES = re.compile(
    r"(;|\n|,|\s\d[.)]\s|\s+(?:and|then|ir|tada|po to|un|tad|pēc tam|i|oraz|potem|e|ed|poi|depois|и|а|потом)\s+)",
    re.IGNORECASE,
)


# What opens a part of a plan without saying the work: "then", "потом", "а", "and".
LEADING_WORDS = frozenset({"then", "and", "потом", "а", "и", "potom", "depois", "poi", "tada", "tad", "potem", "e"})
# An article before a student's name ("o João", "la Giulia", "il Marco"): no part of the task's title.
NAME_ARTICLES = frozenset({"o", "a", "os", "as", "il", "lo", "la", "the"})


def without_article(text: str) -> str:
    """The message without an article opening it ("o Student A imprime…" is no Portuguese question "o que…")."""
    first, _space, rest = text.strip().partition(" ")
    return rest if rest and fold(first) in NAME_ARTICLES else text


def task_pieces(text: str) -> list[str]:
    """The message split at what joins the parts of a plan (commas, "and", "ir", "e", "и"…), joiners kept."""
    return _PIECES.split(text)


@dataclass
class PlannedTask:
    title: str
    students: list[int]
    due: date | None


def named_students(students: list[StudentView], text: str) -> list[int]:
    """The students the message names ("Ona and Jonas", "add ona to task 2", "Student B"): those with a word of
    their name in it, less those another student matches better — "Console Student A" names A, not B, whose name
    shares two of its words."""
    said = {s.id: _name_words_said(text, s.display_name) for s in students}
    return [
        s.id
        for s in students
        if said[s.id] and not any(said[s.id] < said[other.id] for other in students if other.id != s.id)
    ]


SHORT_NAME_PART = 2  # "A" of "Student A": a word this short names only beside another word of the name


def _name_words_said(text: str, name: str) -> set[str]:
    """The words of ``name`` the message says. A short part counts only next to another part of the name: the
    Italian "a" of "manda un promemoria solo a Student B" named Student A too, and both were reminded."""
    order = [w.text for w in words_of(fold(name))]
    said: set[str] = set()
    for typed in ([w.text for w in words_of(fold(text))], [w.text for w in words_of(fold(to_latin(text)))]):
        for i, word in enumerate(typed):
            if word not in order:
                continue
            k = order.index(word)  # beside means in the name's own order: "Student B", not "a Student B"
            before = i > 0 and k > 0 and typed[i - 1] == order[k - 1]
            after = i + 1 < len(typed) and k + 1 < len(order) and typed[i + 1] == order[k + 1]
            if len(word) > SHORT_NAME_PART or before or after:
                said.add(word)
    return said


def plan_of(text: str, students: list[StudentView], language: str, now: datetime) -> list[PlannedTask] | None:
    """The tasks a message plans, each with the students it names and its due date, when it names two or more
    parts for different students; None otherwise (one task, or no names: the wizard asks)."""
    lead, colon, rest = text.partition(":")
    # "split the order into tasks: Jonas …" (not "Student A: model by 01/03; Student B: …", whose name is the lead)
    body = rest if colon and named_students(students, rest) and not named_students(students, lead) else text
    pieces = task_pieces(body)
    groups: list[tuple[str, list[int]]] = []
    common: date | None = None
    for i in range(0, len(pieces), 2):
        piece, joint = pieces[i], pieces[i - 1] if i else ""
        named = named_students(students, piece)
        day = read_day_typed(piece, language, now)
        if not named and day is not None and answers.picks_all(piece) and not _says_work(piece, language, now):
            common = day  # "both by Friday", "abu iki penktadienio": everyone's date, no task of its own
        elif not named and _for_everyone(piece) and groups:
            # "and both pack them by 18 March": a task of its own for everyone named (it was merged into the last)
            everyone = sorted({student for _piece, ids in groups for student in ids})
            groups.append((piece, everyone))
        elif named and (not groups or groups[-1][1]):
            groups.append((piece, named))
        elif groups:
            groups[-1] = (groups[-1][0] + joint + piece, groups[-1][1] or named)
        else:
            groups.append((piece, named))
    named_groups = [g for g in groups if g[1]]
    if len(named_groups) < 2 or len(named_groups) != len(groups) or len(groups) > MAX_TASKS:
        return None
    plan = [_planned(piece, ids, students, common, language, now) for piece, ids in groups]
    return plan if all(task.title for task in plan) else None


def _for_everyone(piece: str) -> bool:
    """ "both pack them", "os dois embalam", "tutti e due li imballano", "а потом оба упаковывают": everyone's part."""
    return any(w in answers.ALL for w in answers.meaningful_words(piece)[:FOR_EVERYONE_WITHIN])


FOR_EVERYONE_WITHIN = 4  # "а потом оба …": "both" among the first words


def _says_work(piece: str, language: str, now: datetime) -> bool:
    """Whether a piece says some work besides who and when ("both pack them by 18 March", not "both by Friday")."""
    left = without_due_date(piece, language, now) or ""
    return any(w not in answers.ALL and w not in answers.TASK_CONNECTORS for w in answers.meaningful_words(left))


def _planned(
    piece: str, ids: list[int], students: list[StudentView], common: date | None, language: str, now: datetime
) -> PlannedTask:
    day = read_day_typed(piece, language, now) or common
    names = {w.text for s in students if s.id in ids for w in words_of(fold(s.display_name))}
    kept = [t for t in piece.split() if fold(t).strip(",.;:!?()") not in names]
    while len(kept) > 1 and fold(kept[0]).strip(",") in NAME_ARTICLES | LEADING_WORDS | answers.ALL:
        kept = kept[1:]  # "o Student A imprime …", "потом оба упаковывают", "both pack them": the work itself
    title = " ".join(kept).strip(" ,;:-–—")
    if day is not None:
        title = without_due_date(title, language, now) or title
    return PlannedTask(title.strip(" ,;:-–—")[:TASK_TITLE_MAX], ids, day if day and day > now.date() else None)


def offer_plan(turn: Turn, order_id: int, school_id: int, plan: list[PlannedTask], students: list[StudentView]) -> None:
    """Show the plan and ask to add it: nothing is created until the yes."""
    tr = turn.tr
    by_id = {s.id: s for s in students}
    lines = [tr.n_("I will add {n} task to order #{id}:", "I will add {n} tasks to order #{id}:", len(plan),
                   id=order_id)]  # fmt: skip
    for number, task in enumerate(plan, start=1):
        who = ", ".join(student_name(tr, by_id[i].display_name) for i in task.students if i in by_id)
        due = tr._("due {date}", date=tr.date(task.due)) if task.due else tr._("no due date")
        lines.append(f"{number}. «{escape(task.title)}» — {escape(who)} · {due}")
    turn.finish()
    turn.goto(FLOW, "confirm", order_id=order_id, school_id=school_id,
              tasks=[{"title": t.title, "students": t.students, "due": t.due.isoformat() if t.due else None}
                     for t in plan])  # fmt: skip
    turn.say("\n".join(lines), [[turn.button(tr._("✅ Add the tasks"), "tpy", order_id, means="yes"),
                                 turn.button(tr._("✖️ Cancel"), "m", "cancel", means="no")]])  # fmt: skip


@registry.button("tpy")
async def on_add_plan(turn: Turn, action: Action) -> None:
    """The yes to a plan: each task added and its students told (the services check the teacher and the students
    again: the button's order id can be forged, the plan is the one kept in the conversation)."""
    data = turn.state.data
    if turn.state.flow != FLOW or str(data.get("order_id")) != (action.args[0] if action.args else ""):
        turn.say(turn.tr._("This button is no longer valid. Send /menu to start again."))
        return
    order_id = int(data["order_id"])
    added = 0
    for task in data.get("tasks", []):
        due = datetime.combine(date.fromisoformat(task["due"]), DUE_HOUR) if task.get("due") else None
        made = await add_task(turn.session, turn.person, order_id, str(task["title"]),
                              due if due is None or due > as_utc(turn.now) else None)  # fmt: skip
        await assign_task(turn.session, turn.person, made.id, [int(i) for i in task["students"]])
        added += 1
    turn.finish()
    tr = turn.tr
    text = tr.n_("✅ {n} task added and its students notified.", "✅ {n} tasks added and their students notified.",
                 added)  # fmt: skip
    turn.say(text, [[turn.button(tr._("➕ Add another task"), "ot", order_id),
                     turn.button(tr._("🧰 Order #{id}", id=order_id), "oo", order_id)]])  # fmt: skip
