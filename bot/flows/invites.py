"""/invite: a school admin invites teachers and students, a teacher invites students — a link and its QR code.

Steps (each question can be answered by button or by typing, in any of our languages):

| step | asks | expects | buttons | then |
|---|---|---|---|---|
| (list) | which open invite to revoke, or a new one | choice | 🗑 Revoke N (item:N), ➕ New invite | revoke / school |
| school | which school (only staff of several) | choice | one per school (item:N) | role |
| role | teacher or student (admins only) | choice | 👩‍🏫 Teacher (item:1), 🎓 Student (item:2) | uses |
| uses | how many people may join with it | number | 1, 5, 30 (the usual one: skip) | days |
| days | how many days it works (or until a date) | number | 1 day, 7 days, 30 days (7: skip) | link + QR |

Whether the person may invite that role to that school is asked of the domain (domain.invite_management)
when the role is chosen and again when the invite is made: buttons can be forged and roles change.
"""

from __future__ import annotations

from datetime import date, timedelta

from bot.core import asking, registry
from bot.core.callbacks import Action
from bot.core.turn import Turn
from bot.i18n import escape
from bot.qr import qr_png
from domain import invite_management as invites
from domain.invite_management import DEFAULT_DAYS, DEFAULT_USES, OPEN_SHOWN_MAX, InviterSchool, OpenInvite
from domain.invites import MAX_DAYS, MAX_USES
from nlu import answers
from nlu.normalise.categories import find_category

FLOW = "invite_new"  # "invite" is the role-change confirmation of an invite being opened (bot/flows/start.py)
USES_CHOICES = (1, 5, 30)
DAYS_CHOICES = (1, 7, 30)


@registry.command("invite", "invites")
async def cmd_invite(turn: Turn, _args: str) -> None:
    turn.finish()
    await _overview(turn)


async def _overview(turn: Turn) -> None:
    """The person's open invites with a Revoke button each and ➕ New invite; none open: straight to a new one."""
    schools = await invites.schools_to_invite_to(turn.session, turn.person)
    if not schools:
        turn.say(_not_staff(turn))
        return
    opened = await invites.open_invites(turn.session, turn.person)
    if not opened:
        await _start(turn, schools)
        return
    _show_list(turn, opened, turn.tr._("Your open invites:"))


def _not_staff(turn: Turn) -> str:
    return turn.tr._(
        "Only school administrators and teachers can invite people. To join a school, open the invite link "
        "from your school's teacher or administrator."
    )


def _describe(turn: Turn, invite: OpenInvite) -> str:
    tr = turn.tr
    values = {"school": escape(invite.organisation_name), "date": tr.date(invite.expires_at)}
    n = invite.uses_left
    if invite.role == "teacher":
        return tr.n_("Teacher invite, {school}: {n} use left, valid until {date}",
                     "Teacher invite, {school}: {n} uses left, valid until {date}", n, **values)  # fmt: skip
    return tr.n_("Student invite, {school}: {n} use left, valid until {date}",
                 "Student invite, {school}: {n} uses left, valid until {date}", n, **values)  # fmt: skip


def _show_list(turn: Turn, opened: list[OpenInvite], intro: str) -> None:
    _ = turn.tr._
    shown = opened[:OPEN_SHOWN_MAX]
    lines = [intro] + [f"{n}. {_describe(turn, invite)}" for n, invite in enumerate(shown, 1)]
    if len(opened) > len(shown):
        lines.append(turn.tr.n_("…and {n} more: type «revoke invite 12» to revoke one by its number.",
                                "…and {n} more: type «revoke invite 12» to revoke one by its number.",
                                len(opened) - len(shown)))  # fmt: skip
    lines.append("")
    lines.append(_("Revoke a link to stop it working (people who joined stay), or make a new invite."))
    rows = [[turn.button(_("🗑 Revoke {n}", n=n), "ivx", i.id, means=f"item:{n}")] for n, i in enumerate(shown, 1)]
    rows.append([turn.button(_("➕ New invite"), "ivn")])
    turn.say("\n".join(lines), rows, expects="choice")


@registry.button("ivn")
async def on_new(turn: Turn, _action: Action) -> None:
    schools = await invites.schools_to_invite_to(turn.session, turn.person)
    if not schools:
        turn.say(_not_staff(turn))
        return
    await _start(turn, schools)


async def _start(turn: Turn, schools: list[InviterSchool], role: str | None = None) -> None:
    """Ask for the school (staff of several), then the role (admins), then uses and days."""
    _ = turn.tr._
    if len(schools) > 1:
        turn.goto(FLOW, "school", role=role)
        rows = [[turn.button(s.name, "ivs", s.organisation_id, means=f"item:{n}")] for n, s in enumerate(schools, 1)]
        turn.say(_("To which school do you want to invite?"), rows, expects="choice")
        return
    await _school_chosen(turn, schools[0], role)


async def _school_chosen(turn: Turn, school: InviterSchool, role: str | None) -> None:
    if role is None and len(school.roles) == 1:
        role = school.roles[0]
    if role is not None:
        await _ask_uses(turn, school.organisation_id, role)
        return
    _ = turn.tr._
    turn.goto(FLOW, "role", org=school.organisation_id)
    turn.say(
        _("Whom do you want to invite to {school}?", school=escape(school.name)),
        [[turn.button(_("👩‍🏫 A teacher"), "ivo", "teacher", means="item:1"),
          turn.button(_("🎓 A student"), "ivo", "student", means="item:2")]],
        expects="choice",
    )  # fmt: skip


def _in_step(turn: Turn, step: str) -> bool:
    if turn.state.flow == FLOW and turn.state.step == step:
        return True
    turn.say(turn.tr._("This button is no longer valid. Send /menu to start again."))
    return False


@registry.button("ivs")
async def on_school(turn: Turn, action: Action) -> None:
    if not _in_step(turn, "school"):
        return
    chosen = action.arg_int(0)
    schools = await invites.schools_to_invite_to(turn.session, turn.person)
    school = next((s for s in schools if s.organisation_id == chosen), None)
    if school is None:  # forged, or they left that school since
        turn.say(turn.tr._("You are not allowed to do this."))
        return
    role = turn.state.data.get("role")
    await _school_chosen(turn, school, str(role) if role else None)


@registry.step(FLOW, "school")
async def school_typed(turn: Turn, text: str) -> None:
    if await _other_request(turn, text):
        return
    turn.say(turn.tr._("Which one? Type its number, for example «2»."))


@registry.button("ivo")
async def on_role(turn: Turn, action: Action) -> None:
    if not _in_step(turn, "role"):
        return
    await _ask_uses(turn, int(turn.state.data["org"]), action.args[0] if action.args else "")


@registry.step(FLOW, "role")
async def role_typed(turn: Turn, text: str) -> None:
    role = answers.invite_role(text)
    if role is not None:
        await _ask_uses(turn, int(turn.state.data["org"]), role)
        return
    if await _other_request(turn, text):
        return
    turn.say(turn.tr._("Please choose: a teacher or a student."))


async def _ask_uses(turn: Turn, org_id: int, role: str) -> None:
    await invites.may_invite(turn.session, turn.person, org_id, role)  # refuses a teacher's teacher invite
    _ = turn.tr._
    turn.goto(FLOW, "uses", org=org_id, role=role)
    usual = DEFAULT_USES[role]
    question = (
        _("How many teachers may join with this link? Choose or type a number.")
        if role == "teacher"
        else _("How many students may join with this link? For a whole class, choose 30. Or type a number.")
    )
    buttons = [turn.button(turn.tr.number(n), "ivu", n, means="skip" if n == usual else None) for n in USES_CHOICES]
    turn.say(question, [buttons], expects="number")


@registry.button("ivu")
async def on_uses(turn: Turn, action: Action) -> None:
    if _in_step(turn, "uses"):
        _ask_days(turn, action.arg_int(0))


@registry.step(FLOW, "uses")
async def uses_typed(turn: Turn, text: str) -> None:
    answer = asking.interpret(text, "number", language=turn.person.language, now=turn.now)
    if answer.kind == "number" and isinstance(answer.value, int) and 1 <= answer.value <= MAX_USES:
        _ask_days(turn, answer.value)
        return
    if await _other_request(turn, text):
        return
    turn.say(turn.tr._("Please type a number from 1 to {max}.", max=turn.tr.number(MAX_USES)), expects="number")


def _ask_days(turn: Turn, uses: int) -> None:
    turn.goto(FLOW, "days", uses=uses)
    tr = turn.tr
    buttons = [
        turn.button(tr.n_("{n} day", "{n} days", n), "ivd", n, means="skip" if n == DEFAULT_DAYS else None)
        for n in DAYS_CHOICES
    ]
    turn.say(tr._("How long should the link work? Choose, or type a number of days or a date."), [buttons],
             expects="number")  # fmt: skip


@registry.button("ivd")
async def on_days(turn: Turn, action: Action) -> None:
    if _in_step(turn, "days"):
        await _create(turn, action.arg_int(0))


@registry.step(FLOW, "days")
async def days_typed(turn: Turn, text: str) -> None:
    language, now = turn.person.language, turn.now
    days = answers.days_named(text, language)  # "3 days", "savaitė", "2 tygodnie"
    if days is None:
        answer = asking.interpret(text, "number", language=language, now=now)
        days = answer.value if answer.kind == "number" and isinstance(answer.value, int) else None
    if days is None:
        dated = asking.interpret(text, "date", language=language, now=now)
        if dated.kind == "date":
            days = (date.fromisoformat(str(dated.value)) - now.date()).days
    if days is not None and 1 <= days <= MAX_DAYS:
        await _create(turn, days)
        return
    if days is None and await _other_request(turn, text):
        return
    turn.say(turn.tr._("Please type a number of days from 1 to {max}, or a date.", max=MAX_DAYS), expects="number")


async def _create(turn: Turn, days: int) -> None:
    data = turn.state.data
    created = await invites.invite(
        turn.session, turn.person, int(data["org"]), str(data["role"]), uses=int(data["uses"]), days=days
    )
    link = f"https://t.me/{turn.services.bot_username}?start={created.token}"
    shown = OpenInvite(0, created.token, int(data["org"]), await _school_name(turn, int(data["org"])), created.role,
                       created.uses, turn.now + timedelta(days=days))  # fmt: skip
    _ = turn.tr._
    turn.finish()
    turn.say(
        _("✅ The invite is ready.") + "\n" + _describe(turn, shown) + "\n\n"
        + _("Send this link to the people you invite, or let them scan the QR code:") + "\n" + link,
        [[turn.button(_("📋 My invites"), "m", "invite")]],
    )  # fmt: skip
    turn.send_photo(_("QR code of the invite link: {link}", link=link), "invite-qr.png", qr_png(link))


async def _school_name(turn: Turn, org_id: int) -> str:
    schools = await invites.schools_to_invite_to(turn.session, turn.person)
    return next((s.name for s in schools if s.organisation_id == org_id), "")


@registry.button("ivx")
async def on_revoke(turn: Turn, action: Action) -> None:
    await _revoke(turn, action.arg_int(0))


async def _revoke(turn: Turn, invite_id: int) -> None:
    revoked = await invites.revoke(turn.session, turn.person, invite_id)
    _ = turn.tr._
    turn.finish()
    text = _("Revoked: {invite}. The link does not work any more; people who joined with it stay.",
             invite=_describe(turn, revoked))  # fmt: skip
    turn.say(text, [[turn.button(_("📋 My invites"), "m", "invite"), turn.button(_("➕ New invite"), "ivn")]])


async def _other_request(turn: Turn, text: str) -> bool:
    """A new invitation request typed in the middle of one ("invite a teacher instead") starts it anew."""
    request = answers.invite_request(text)
    if request is None:
        return False
    await _typed(turn, request)
    return True


@registry.in_context(6)
async def invite_in_words(turn: Turn, text: str) -> bool:
    """ "Invite a student", "pakviesti mokytoją", "отозвать приглашение 2", "my invites" from school staff."""
    request = answers.invite_request(text)
    if request is None:
        return False
    if request.action == "list" and find_category(text) is not None:  # "wedding invitations": a search
        return False
    if not await invites.schools_to_invite_to(turn.session, turn.person):
        if request.action == "new" and request.role is not None:
            turn.say(_not_staff(turn))
            return True
        return False
    await _typed(turn, request)
    return True


async def _typed(turn: Turn, request: answers.InviteRequest) -> None:
    turn.finish()
    schools = await invites.schools_to_invite_to(turn.session, turn.person)
    if not schools:
        turn.say(_not_staff(turn))
        return
    if request.action == "new":
        await _start(turn, schools, request.role)
        return
    opened = await invites.open_invites(turn.session, turn.person)
    if request.action == "revoke" and opened:
        number = request.number or (1 if len(opened) == 1 else None)
        if number is not None and 1 <= number <= len(opened):
            await _revoke(turn, opened[number - 1].id)
            return
        _show_list(turn, opened, turn.tr._("Which invite do you want to revoke?"))
        return
    if not opened:
        turn.say(turn.tr._("You have no open invites."), [[turn.button(turn.tr._("➕ New invite"), "ivn")]])
        return
    _show_list(turn, opened, turn.tr._("Your open invites:"))
