"""What Telegram shows of the bot: each person's command menu (what their role can use, in the language
they chose) and the bot's description and short description in every language.

Why per chat: one menu for everybody showed companies "(teachers)" and "(students)" commands they can
never use. Telegram picks the most specific menu it has: the one set for a chat
(``BotCommandScopeChat``) over the default one for the person's app language. So the default menu
(per language) holds only what everyone can use, and once someone's role is known — a company, a
school's staff, a student, a coordinator — their chat gets that role's menu in the language they use with the bot.

When: a handler after the dialogue's (PTB group 1) compares the person's roles and language with
what this process last set for the chat and calls Telegram only when they differ, so a menu costs
one API call per person per process, not one per message.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker
from telegram import Bot, BotCommand, BotCommandScopeChat, Update
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes, TypeHandler

from bot.i18n import N_, translator
from domain.models import Coordinator, Membership, Organisation, OrgKind, Person, Role
from domain.roles import COMPANY_ROLES, STAFF_ROLES
from domain.taxonomy import LANGUAGES

log = logging.getLogger(__name__)
Commands = Sequence[tuple[str, str]]  # (command, untranslated description), in menu order

EVERYONE = frozenset({"start", "menu", "search", "easy", "language", "help", "cancel", "mydata", "deleteme"})
BY_ROLE: dict[str, frozenset[str]] = {
    "company": EVERYONE | {"enquiries", "alerts", "visits"},
    "school": EVERYONE | {"enquiries", "offer", "listings", "orders", "invite", "visits"},
    "student": EVERYONE | {"tasks"},
    "coordinator": EVERYONE | {"reports", "verify", "audit", "stats"},
}
PLACES_ALONE = 8  # reads at once when no places are given (the bot's own: bot/telegram_updates.py)
MAX_REMEMBERED = 50_000  # chats whose menu this process remembers setting
# The first-run greeting and /help's first line say it already, translated: shown before the first message
# ("What can this bot do?", at most 512 characters) and on the bot's profile (at most 120).
DESCRIPTION = N_(
    "Hello! I am VET2B Chat. Vocational schools in Lithuania, Latvia, Poland, Italy and Portugal offer "
    "what their students make and do: catering, cakes, websites, 3D printing, car service and more. "
    "Tell me what you need in your own words and I will find it."
)
SHORT_DESCRIPTION = N_("I connect companies with vocational schools. Write in your own language.")


def menu(commands: Commands, roles: frozenset[str], language: str) -> list[BotCommand]:
    """The commands someone with these roles (none: anyone) can use, described in ``language``."""
    allowed = EVERYONE.union(*(BY_ROLE[role] for role in roles))
    tr = translator(language)
    return [BotCommand(name, tr._(description)[:256]) for name, description in commands if name in allowed]


async def introduce(bot: Bot, commands: Commands) -> None:
    """In each language (English for all others): the menu everyone sees before their role is known,
    and the bot's description and short description."""
    for language in LANGUAGES:
        code = None if language == "en" else language
        tr = translator(language)
        await bot.set_my_commands(menu(commands, frozenset(), language), language_code=code)
        await bot.set_my_description(tr._(DESCRIPTION)[:512], language_code=code)
        await bot.set_my_short_description(tr._(SHORT_DESCRIPTION)[:120], language_code=code)


# One statement, built once: the person's language, each membership's role and organisation kind (none: one row
# of NULLs), and whether they coordinate. It runs after every update, so it is kept to one round trip.
_MENU_FACTS = (
    select(
        Person.language,
        Membership.role,
        Organisation.kind,
        select(Coordinator.id).where(Coordinator.person_id == Person.id).exists(),
    )
    .select_from(Person)
    .outerjoin(Membership, Membership.person_id == Person.id)
    .outerjoin(Organisation, Organisation.id == Membership.organisation_id)
    .where(Person.telegram_id == bindparam("telegram_id"), Person.erased_at.is_(None))
)


async def roles_and_language(
    session: AsyncSession | AsyncConnection, telegram_id: int
) -> tuple[frozenset[str], str] | None:
    """The menu roles (company, school, student, coordinator) of a Telegram user and their language; None if
    unknown."""
    rows = (await session.execute(_MENU_FACTS, {"telegram_id": telegram_id})).all()
    if not rows:
        return None
    roles = set()
    for _language, role, kind, coordinator in rows:
        if role == Role.student.value:
            roles.add("student")
        elif kind == OrgKind.school.value and role in STAFF_ROLES:
            roles.add("school")
        elif kind == OrgKind.company.value and role in COMPANY_ROLES:
            roles.add("company")
        if coordinator:
            roles.add("coordinator")
    return frozenset(roles), rows[0][0]


class ChatMenus:
    def __init__(
        self, commands: Commands, factory: async_sessionmaker[AsyncSession], place: asyncio.Semaphore | None = None
    ) -> None:
        self._commands = commands
        self._place = place or asyncio.Semaphore(PLACES_ALONE)  # the bot's places (bot/telegram_updates.py)
        engine = factory.kw["bind"]
        assert isinstance(engine, AsyncEngine), "the session factory is bound to one engine (domain.db)"
        self._engine = engine
        self._set: OrderedDict[int, tuple[frozenset[str], str] | None] = OrderedDict()

    async def refresh(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        user, chat = update.effective_user, update.effective_chat
        if user is None or chat is None or chat.type != "private":
            return
        # A plain connection, no ORM session: one read of plain columns after every update needs none of it.
        async with self._place, self._engine.connect() as connection:  # a place for the read, not for Telegram
            found = await roles_and_language(connection, user.id)
        wanted = found if found is not None and found[0] else None  # no role yet: the default menu
        if chat.id in self._set and self._set[chat.id] == wanted:
            self._set.move_to_end(chat.id)
            return
        scope = BotCommandScopeChat(chat.id)
        try:
            if wanted is None:
                await context.bot.delete_my_commands(scope=scope)
            else:
                await context.bot.set_my_commands(menu(self._commands, *wanted), scope=scope)
        except TelegramError as exc:  # the menu is a convenience: never fail the update for it
            log.warning("could not set the command menu of a chat: %s", exc)
            return
        self._set[chat.id] = wanted
        while len(self._set) > MAX_REMEMBERED:
            self._set.popitem(last=False)


def install(
    application: Application[Any, Any, Any, Any, Any, Any],
    commands: Commands,
    factory: async_sessionmaker[AsyncSession],
    place: asyncio.Semaphore | None = None,
) -> None:
    """Refresh each person's menu after the dialogue handled their update (group 1 runs after group 0); the
    database is read in one of the bot's ``place``s, as the dialogue's turn is."""
    application.add_handler(TypeHandler(Update, ChatMenus(commands, factory, place).refresh), group=1)
