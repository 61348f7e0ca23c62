"""Everyone's first steps: /start (with or without an invite), language, who you are, help, menu, cancel."""

from __future__ import annotations

from bot.core import asking, registry
from bot.core.callbacks import Action
from bot.core.turn import LANGUAGE_CHOSEN, Turn
from bot.core.types import Button
from bot.flows.common import (
    NEW_COORDINATOR,
    NEW_SCHOOL,
    NOT_SURE,
    WHAT_IT_IS,
    is_staff,
    memberships,
    reads_as_request,
    served_as_request,
    show_menu,
    way_in,
)
from bot.flows.company_details import set_up_text
from bot.flows.errors import describe
from bot.i18n import LANGUAGE_FLAGS, LANGUAGE_NAMES, N_, translator
from domain import accounts
from domain.codes import countries
from domain.coordinators import coordinator_scope, is_coordinator_invite, redeem_coordinator_invite
from domain.errors import Forbidden, HiddenCharacters, Invalid
from domain.invites import check_invite, redeem_invite
from domain.limits import CITY_MAX, ORG_NAME_MAX, ORG_NAME_MIN
from domain.models import Organisation
from domain.search.service import looks_around
from domain.taxonomy import LANGUAGES
from domain.text_input import typed_name
from nlu import answers
from nlu.langid import detect_language, unsupported_language
from nlu.language_names import language_named
from nlu.normalise.categories import find_category
from nlu.normalise.places import country_named, find_city, find_country

MARKET_COUNTRIES = ("LT", "LV", "PL", "IT", "PT")


@registry.command("start")
async def cmd_start(turn: Turn, payload: str) -> None:
    if payload:
        await _join_with_invite(turn, payload)
        return
    turn.finish()
    roles = await memberships(turn)
    coordinator = await coordinator_scope(turn.session, turn.person.id) is not None
    if roles or coordinator:
        await show_menu(turn, turn.tr._("Welcome back! What would you like to do?"), known=(roles, coordinator))
        return
    _ = turn.tr._
    language = f"{LANGUAGE_FLAGS[turn.tr.language]} {LANGUAGE_NAMES[turn.tr.language]}"
    turn.say(
        _(WHAT_IT_IS) + "\n\n" + _("Language: {language}", language=language),
        [[turn.button(_("🌐 Change language"), "m", "language")]],
    )
    await show_menu(
        turn,
        _("Who are you? (By continuing you agree that we store your name and messages. See /mydata and /deleteme.)"),
        known=(roles, coordinator),
    )


ROLE_NOUNS = {"teacher": N_("teacher"), "student": N_("student"), "admin": N_("administrator"), "member": N_("member")}


async def _join_with_invite(turn: Turn, token: str) -> None:
    """Join with an invite link; when it would change the person's role in that organisation, ask first."""
    token = token.strip()[:64]
    if await is_coordinator_invite(turn.session, token):
        await _join_as_coordinator(turn, token)
        return
    check = await check_invite(turn.session, token, turn.person)
    _ = turn.tr._
    turn.finish()
    if check.current_role == check.role:
        await show_menu(turn, _("Nothing to change: you are already in {organisation} with this role.",
                                organisation=check.organisation_name))  # fmt: skip
        return
    if check.changes_role:
        assert check.current_role is not None
        turn.goto("invite", "confirm", token=token)
        turn.say(
            _("You are in {organisation} as: {current}. This invite is for: {role}. Change your role?",
              organisation=check.organisation_name, current=_(ROLE_NOUNS[check.current_role]),
              role=_(ROLE_NOUNS[check.role])),
            [[turn.button(_("✔ Yes, change my role"), "iv", means="yes"),
              turn.button(_("No, keep"), "m", "menu", means="no")]],
        )  # fmt: skip
        return
    await _join(turn, token, change_role=False)


@registry.button("iv")
async def on_change_role(turn: Turn, _action: Action) -> None:
    if turn.state.flow != "invite" or turn.state.step != "confirm":
        turn.say(turn.tr._("This button is no longer valid. Send /menu to start again."))
        return
    await _join(turn, str(turn.state.data["token"]), change_role=True)


async def _join(turn: Turn, token: str, *, change_role: bool) -> None:
    membership = await redeem_invite(turn.session, token, turn.person, change_role=change_role)
    await accounts.give_consent(turn.session, turn.person, turn.display_name)
    org = await turn.session.get(Organisation, membership.organisation_id)
    _ = turn.tr._
    name = org.name if org else ""
    roles = {
        "teacher": _("You joined {school} as a teacher.", school=name),
        "student": _("You joined {school} as a student.", school=name),
        "admin": _("You joined {school} as an administrator.", school=name),
    }
    turn.finish()
    if membership.role == "student":
        turn.say(roles["student"])
        turn.say(
            _("Would you like easy-read mode? I will use short sentences and one step at a time."),
            [
                [
                    turn.button(_("👓 Yes, easy-read"), "easy", "1", means="yes"),
                    turn.button(_("No, thanks"), "easy", "0", means="no"),
                ]
            ],
        )
        return
    await show_menu(turn, roles.get(membership.role, _("You joined {school}.", school=name)))


async def _join_as_coordinator(turn: Turn, token: str) -> None:
    """A coordinator invite: the person now coordinates one country (or all) — no organisation."""
    joined = await redeem_coordinator_invite(turn.session, token, turn.person)
    await accounts.give_consent(turn.session, turn.person, turn.display_name)
    turn.finish()
    _ = turn.tr._
    if not joined.added:
        intro = _("Nothing to change: you are already a coordinator for this.")
    elif joined.country is None:
        intro = _("You are now a coordinator of the network for all countries.")
    else:
        intro = _("You are now a coordinator of the network for {country}.", country=turn.tr.country(joined.country))
    welcome = _(
        "Reported offers: /reports. Organisations to verify: /verify. "
        "Audit log: /audit. Figures: /stats or «how many orders this month?»."
    )
    await show_menu(turn, intro + "\n" + welcome)


@registry.button("role")
async def on_role(turn: Turn, action: Action) -> None:
    _ = turn.tr._
    await accounts.give_consent(turn.session, turn.person, turn.display_name)
    choice = action.args[0] if action.args else ""
    if choice == "company":  # an old menu's button may be pressed by someone who has a role by now
        roles = await memberships(turn)
        if not await _may_register_company(turn):
            return
        if roles:
            names = ", ".join(dict.fromkeys(m.name for m in roles))
            turn.say(_("You are already in {organisations}. Register another company? You keep your current roles.",
                       organisations=names),
                     [[turn.button(_("✔ Yes, register a company"), "rc", means="yes"),
                       turn.button(_("No, thanks"), "m", "menu", means="no")]])  # fmt: skip
            return
        _ask_company_name(turn)
    elif choice == "school":
        turn.say(
            _(
                "To join your school, open the invite link from your school's teacher or administrator. "
                "Until then you can look around: tell me what you need."
            )
            + "\n"
            + way_in(turn, _(NEW_SCHOOL))  # a director whose school is not in yet met a dead end (who gives the link?)
        )
    else:
        turn.say(_("Tell me what you are looking for, for example: «birthday cakes in Kaunas» or «website design»."))


async def _may_register_company(turn: Turn) -> bool:
    """Students may not set up a company (and become its admin); says so and returns False for them."""
    if any(m.role == "student" for m in await memberships(turn)):
        turn.say(describe(turn.tr, Forbidden("students_cannot_register")))
        return False
    return True


# "ok", "sim", "taip": a one-word yes or no is an answer, not a company name ("OK Bakery" is a name).
YES_NO_NAME_WORDS = 1


def _ask_company_name(turn: Turn) -> None:
    turn.goto("company", "name")
    turn.say(turn.tr._("What is the name of your company?"))


@registry.button("rc")
async def on_register_company(turn: Turn, _action: Action) -> None:
    if await _may_register_company(turn):
        _ask_company_name(turn)


@registry.on_introduction
async def company_introduced(turn: Turn, text: str) -> bool:
    """A newcomer who introduces their company in one message ("ciao sono Giulia Rossi, ho un'azienda di eventi,
    Eventi Rossi srl a Torino", "у меня кафе ООО «Ромашка» в Даугавпилсе") is registered with what they said:
    only what is missing (the country, the city) is asked, and a need said with it is searched once the company
    is set up. Asking "What is the name of your company?" after they said it would be the wrong answer."""
    name = answers.introduced_company(text)
    if name is None:
        return False
    await accounts.give_consent(turn.session, turn.person, turn.display_name)
    if not await _may_register_company(turn):
        return True
    need = answers.need_after_introduction(text)
    turn.goto("company", "country", name=name, need=need)
    await _ask_where(turn, find_city(text), find_country(text), need=need)
    return True


async def _ask_where(turn: Turn, town: tuple[str, str] | None, code: str | None, need: str | None = None) -> None:
    """After the name: a town said with it sets the company up, a country of ours asks only the city, and
    otherwise the country is asked."""
    if town is not None:
        await _create_company(turn, town[1], town[0], need=need)
    elif code is not None and code in countries():
        _ask_city(turn, code)
    else:
        turn.say(
            turn.tr._("In which country is the company? Choose or type the country."),
            _country_rows(turn),
            expects="text",
        )


@registry.step("company", "name")
async def company_name(turn: Turn, text: str) -> None:
    """The company's name; a need typed here instead ("looking for someone who can 3D print parts") is served,
    not stored as the name (a name rarely says "I need"), and a bare "yes"/"ok"/"sim" (an answer to the question
    before, typed once too often) is no name: the question is asked again."""
    _ = turn.tr._
    if answers.stance(text) == "need" and await served_as_request(turn, text):
        return
    if answers.has_no_company(text):  # "non ho un'azienda, sono una mamma": their own name will do
        turn.say(_(NO_COMPANY))
        return
    said, town, code = _name_and_place(answers.name_as_said(_name_in(text)))
    try:
        name = typed_name(said, ORG_NAME_MIN, ORG_NAME_MAX, "bad_name")
    except HiddenCharacters as refused:
        turn.say(describe(turn.tr, refused))
        return
    except Invalid:
        turn.say(_("Please send the company name (2 to 200 characters)."))
        return
    if len(name.split()) <= YES_NO_NAME_WORDS and answers.yes_no(name) is not None:
        # "taip" is four letters: "2 to 200 characters" was no help (a tester said yes four times)
        turn.say(_("Please type the name of your company, for example «Baltic Events»."))
        return
    if answers.control_word(name) == "skip":  # "nezinau", "I don't know", "не знаю": no name (it was stored)
        turn.say(_("Please send the company name (2 to 200 characters)."))
        return
    if answers.no_company_name(name):  # "компания", "20", "я представляю компанию": asked again, not stored
        turn.say(_("Please send the company name (2 to 200 characters)."))
        return
    if not answers.legal_form(name) and (
        answers.is_question(name) or answers.wants_to_order(name) or answers.says_a_wish(name)
    ):
        # "how much it cost for 10 tabels?", "chce zamowic", "mi interessa, voglio chiedere un preventivo": no name
        # (it was stored, sent to the school as the enquirer, and every answer after it fell one question behind)
        turn.say(_("Please send the company name (2 to 200 characters)."))
        return
    turn.goto("company", "country", name=name)
    said_before = turn.state.data.get("town")  # "у меня компания в Риге", said before the name was asked
    if town is None and code is None and isinstance(said_before, list) and len(said_before) == 2:
        town = (str(said_before[0]), str(said_before[1]))
    await _ask_where(turn, town, code)  # "Gusto Sabaudo srl, Torino, Italia": the place answers the next questions


NO_COMPANY = N_("No problem: then send your own name. The school sees it with your enquiry.")


def _name_in(text: str) -> str:
    """The name in an answer that says more: "ok, Trattoria da Gino" (a yes first), "desculpe, o nome está errado,
    é Pastelaria Doce Lar, Lda" (a correction: it was stored whole, the apology with it)."""
    detail = answers.company_detail(text)
    if detail is not None and detail[0] == "name" and detail[1]:
        return detail[1]
    first, comma, rest = text.partition(",")
    if comma and rest.strip() and answers.yes_no(first) is not None and len(first.split()) <= YES_NO_NAME_WORDS:
        return rest.strip()
    return text


def _name_and_place(text: str) -> tuple[str, tuple[str, str] | None, str | None]:
    """The name typed with its place after a comma ("Gusto Sabaudo srl, Torino, Italia", "Padaria Doce Ribeira,
    fica no Porto"): the name, the town (name, country) and the country said; the whole text as the name when
    no part after a comma names a place ("Ribeira & Companhia, Lda.")."""
    parts = text.split(",")
    for i in range(1, len(parts)):
        rest = ",".join(parts[i:])
        town, code = find_city(rest), find_country(rest)
        if town is not None or code is not None:
            return ",".join(parts[:i]).strip(), town, code
    return text, None, None


@registry.step("company", "country")
async def company_country_typed(turn: Turn, text: str) -> None:
    """A country by name (any of our languages) or code; a town ("Porto", "в Даугавпилсе") answers the city
    question too; a request instead ("preciso de 40 bolos") leaves the registration and is served; the name again
    with its legal form ("UAB Kauno šventės": a town in it, no country) corrects the name."""
    if answers.legal_form(text) and turn.state.data.get("name") != text.strip():
        await company_name(turn, text)
        return
    two_letters = len(text.strip()) == 2 and answers.yes_no(text) is None  # "si" is a yes, not Slovenia
    code = text.strip().upper() if two_letters else country_named(text)
    town = find_city(text)
    if code is None and town is not None:
        code = town[1]
    if code is not None and code in countries():
        if town is not None and town[1] == code:
            await _create_company(turn, code, town[0])
        else:
            _ask_city(turn, code)
        return
    if await served_as_request(turn, text):
        return
    turn.say(
        turn.tr._("I did not recognise that country. Please choose it or type its name, for example Portugal."),
        _country_rows(turn),
        expects="text",
    )


def _country_rows(turn: Turn) -> list[list[Button]]:
    rows = [[turn.button(f"{turn.tr.country(code)}", "cc", code) for code in MARKET_COUNTRIES[:3]]]
    rows.append([turn.button(f"{turn.tr.country(code)}", "cc", code) for code in MARKET_COUNTRIES[3:]])
    return rows


@registry.button("cc")
async def company_country_pressed(turn: Turn, action: Action) -> None:
    code = action.args[0] if action.args else ""
    if turn.state.flow != "company" or code not in countries():
        await show_menu(turn)
        return
    _ask_city(turn, code)


def _ask_city(turn: Turn, code: str) -> None:
    turn.goto("company", "city", country=code)
    turn.say(turn.tr._("And the city?"))


CITY_MAX_WORDS = 4  # a longer answer naming a town is a request with the town in it


@registry.step("company", "city")
async def company_city(turn: Turn, text: str) -> None:
    # "porto", "firenze" typed in lower case at "And the city?": the town (a lower-case word alone is no town in a
    # message, where "porto" is a harbour; here it answers the question) — it was stored as "porto"
    town = find_city(text) or (find_city(text.strip().title()) if len(text.split()) <= CITY_TITLE_WORDS else None)
    if town is None and await _a_need_for_later(turn, text):  # "нужно обслуживание автомобиля, замена масла"
        return
    if town is not None and len(text.split()) > CITY_MAX_WORDS and answers.stance(text) == "need":
        # "szukam tortu na urodziny dla 30 osob … w krakowie": the town answers, and the need is served
        await _create_company(turn, str(turn.state.data["country"]), town[0], need=text)
        return
    try:
        city = typed_name(text, 1, CITY_MAX, "bad_city")
    except HiddenCharacters as refused:
        turn.say(describe(turn.tr, refused))
        return
    except Invalid:
        turn.say(turn.tr._("Please send the city name."))
        return
    if find_city(city) is None and len(city.split()) <= YES_NO_NAME_WORDS and answers.yes_no(city) is not None:
        turn.say(turn.tr._("Please send the city name."))
        return
    if town is None and (await _no_city(turn, city)):
        return
    if town is None and answers.is_question(city):  # "ma chi vede questi dati?" was stored as the city
        turn.say(turn.tr._("Please send the city name."))
        return
    country = str(turn.state.data["country"])
    if town is not None:
        city = town[0]  # "в Даугавпилсе", "Rīgā", "w Krakowie": the town's own name, as the search shows towns
        country = town[1]  # "no wait, actually the company is in Gdansk" after Lithuania: Poland (it was stored
        # as the city, under Lithuania, and went to the Lithuanian coordinators)
    await _create_company(turn, country, city)


CITY_TITLE_WORDS = 3  # "viana do castelo" at "And the city?" is read in title case too


NEED_AFTER_CITY = N_("I will look for that as soon as the company is set up. And the city?")


async def _a_need_for_later(turn: Turn, text: str) -> bool:
    """A need typed at "And the city?" is kept and searched once the company is set up, and the city is asked again
    (it was searched at once, and the sign-up silently dropped: the next enquiry asked for the name again)."""
    if not await reads_as_request(turn, text):
        return False
    turn.state.data["need"] = text
    turn.say(turn.tr._(NEED_AFTER_CITY))
    return True


async def _no_city(turn: Turn, text: str) -> bool:
    """Answers at "And the city?" that name no city were stored as one ("register my company", "Italia", "не знаю"):
    a country of ours other than the one chosen changes it and asks the city again; the rest asks again."""
    named = country_named(text)
    if named is not None:
        if named in countries() and named != turn.state.data.get("country"):
            _ask_city(turn, named)  # "Latvia" after Lithuania was pressed: that country's city is asked
        else:
            turn.say(turn.tr._("And the city?"))
        return True
    about_signing_up = answers.has_stem(text, answers.REGISTER_STEMS) or answers.no_company_name(text)
    if about_signing_up or answers.control_word(text) == "skip":
        turn.say(turn.tr._("Please send the city name."))
        return True
    return False


async def _create_company(turn: Turn, country: str, city: str, need: str | None = None) -> None:
    """The company is stored; then the ``need`` said with the town is searched, or the enquiry they were about to
    write goes on, or the menu says what to do next."""
    data = turn.state.data
    view = await accounts.create_company(turn.session, turn.person, str(data["name"]), country, city)
    pending = data.get("pending_listing")
    need = need or data.get("need")  # said when they introduced themselves, before the country was asked
    turn.finish()
    if need is not None or pending:
        turn.say(set_up_text(turn, view, turn.tr._("{company} is set up.", company=view.name)))
    if need is not None:
        await registry.INTENTS["search_offers"](turn, need)
        return
    if pending:  # they were about to enquire: carry on with that offer
        await registry.BUTTONS["eq"](turn, Action("eq", (str(pending),)))
        return
    intro = turn.tr._(
        "{company} is set up. Now tell me what you need, for example: «200 pastéis de nata by Friday».",
        company=view.name,
    )
    await show_menu(turn, set_up_text(turn, view, intro))


@registry.command("menu")
async def cmd_menu(turn: Turn, _args: str) -> None:
    turn.finish()
    await show_menu(turn)


@registry.command("cancel")
async def cmd_cancel(turn: Turn, _args: str) -> None:
    within = registry.CANCELLING.get(turn.state.flow or "")
    if within is not None and await within(turn):
        return
    was_busy = turn.state.flow is not None
    turn.finish()
    await show_menu(turn, turn.tr._("Cancelled.") if was_busy else turn.tr._("There is nothing to cancel."))


@registry.command("help")
async def cmd_help(turn: Turn, _args: str) -> None:
    _ = turn.tr._
    roles = await memberships(turn)
    lines = [_("I connect companies with vocational schools. Write in your own language.")]
    coordinator = await coordinator_scope(turn.session, turn.person.id) is not None
    if any(m.kind == "company" for m in roles) or not (roles or coordinator):
        lines.append(_("• Describe what you need, e.g. «catering for 40 people in Riga» — I will find offers."))
        lines.append(_("• /enquiries — your enquiries and their answers."))
        lines.append(_("• /alerts — your alerts about new offers: press 🔔 under results to add one."))
        if roles:
            lines.append(_("• /orders — your orders: progress and due dates."))
            lines.append(_("• /visits — declare your company an inclusive employer, then offer class visits."))
    if any(m.kind == "school" and m.role in ("teacher", "admin") for m in roles):
        lines.append(_("• /offer — post what your students make. /listings — pause, edit or archive offers."))
        lines.append(_("• /enquiries — enquiries to your school. /orders — split orders into tasks for students."))
        lines.append(_("• /invite — invite students (administrators: teachers too) with a link and a QR code."))
        lines.append(_("• /visits — class visits at inclusive employers, or type «company visits in Vilnius»."))
    if any(m.role == "student" for m in roles):
        lines.append(_("• /tasks — your tasks. /easy — easy-read mode on or off."))
    if coordinator:
        lines.append(_("• /reports — reported and hidden offers: hide, restore or keep them."))
        lines.append(_("• /verify — verify organisations of your countries. /audit — the audit log."))
        lines.append(_("• /stats — the network figures: a chart and a CSV file («/stats last year by category»)."))
    lines.append(_("• /language — change language. /cancel — stop what we are doing. /menu — main menu."))
    lines.append(_("• /mydata — what we store about you. /deleteme — delete your personal data."))
    turn.say("\n".join(lines))


@registry.command("language")
async def cmd_language(turn: Turn, args: str) -> None:
    """The language picker; "/language en", "/language lietuvių", "/language русский" switch at once."""
    named = args.strip().casefold()
    code = named if named in LANGUAGES else language_named(args) if named else None
    if code in LANGUAGES:
        await _switch_language(turn, code)
        return
    rows = [[turn.button(f"{LANGUAGE_FLAGS[code]} {LANGUAGE_NAMES[code]}", "lang", code)] for code in LANGUAGES]
    turn.say(turn.tr._("Choose your language:"), rows)


@registry.in_context(3)
async def language_code_typed(turn: Turn, text: str) -> bool:
    """ "ru", "LT", "pt" typed at the language picker: that language (the code was not understood)."""
    picker = turn.asked is not None and any(o.action[0] == "lang" for o in turn.asked.options)
    code = text.strip().strip(".!").casefold()
    if not picker or code not in LANGUAGES:
        return False
    await _switch_language(turn, code)
    return True


@registry.button("lang")
async def on_language(turn: Turn, action: Action) -> None:
    await _switch_language(turn, action.args[0] if action.args else "")


async def _switch_language(turn: Turn, code: str) -> None:
    if code not in LANGUAGES:
        await cmd_language(turn, "")
        return
    await accounts.set_language(turn.session, turn.person, code)
    turn.person.language = code
    turn.remember(LANGUAGE_CHOSEN, True)
    # TRANSLATORS: said right after switching to this language; name the language you translate into.
    await show_menu(turn, translator(code, easy=turn.easy)._("I will speak English with you now."))
    turn.keep_thread_open()  # "говорите по-русски" right after a notice: the next words may still answer it


FOLLOW_MIN_WORDS = 3  # fewer words are too few to tell a language by (and are mostly answers or names)


@registry.before_intent
async def follow_language(turn: Turn, text: str) -> bool:
    """Two requests in a row in another of our languages switch the conversation to it; a language we do
    not speak gets a short answer, in the person's language, naming the seven we do."""
    foreign = unsupported_language(text)
    if foreign is not None:
        names = ", ".join(LANGUAGE_NAMES[code] for code in LANGUAGES)
        turn.say(turn.tr._("Sorry, I do not speak that language yet. Please write in one of these: {languages}.",
                           languages=names))  # fmt: skip
        return True
    if len(text.split()) < FOLLOW_MIN_WORDS and not any("\u0400" <= c <= "\u04ff" for c in text):
        return False
    if language_named(text) is not None:  # "change language to portuguese": that one, not the one it is written in
        return False
    written = detect_language(text)
    if written not in LANGUAGES or written == turn.person.language:
        turn.remember("other_language", None)
        return False
    if turn.recall("other_language") != written:
        turn.remember("other_language", written)
        return False
    turn.remember("other_language", None)
    await accounts.set_language(turn.session, turn.person, written)
    turn.person.language = written
    turn.say(translator(written, easy=turn.easy)._("I will speak English with you now."))
    return False


@registry.intent("change_language")
async def on_change_language(turn: Turn, text: str) -> None:
    code = language_named(text)
    choosing = turn.asked is not None and turn.asked.expects == "choice"
    if code is not None and choosing and answers.points_at_one(text) and not answers.asks_for_language(text):
        await registry.INTENTS["search_offers"](turn, text)  # "quello lituano" among results: the Lithuanian one
        return
    if code is not None:
        await _switch_language(turn, code)
        return
    if find_country(text) is not None or find_city(text) is not None:
        await registry.INTENTS["search_offers"](turn, text)  # "em Portugal" after results: a place, not a language
        return
    await cmd_language(turn, "")


@registry.command("easy")
async def cmd_easy(turn: Turn, _args: str) -> None:
    await _set_easy(turn, not turn.person.easy_read)


@registry.button("easy")
async def on_easy(turn: Turn, action: Action) -> None:
    await _set_easy(turn, bool(action.args) and action.args[0] == "1")


@registry.in_context(4)
async def joining_asked(turn: Turn, text: str) -> bool:
    """ "хочу быть координатором", "how do I become a coordinator?", "kaip susisiekti su VET2B komanda?": how
    coordinators join, and how to reach the team (offers, a search, or the help text answered them)."""
    coordinating = answers.asks_to_coordinate(text)
    if not coordinating and not answers.asks_for_contact(text):
        return False
    if coordinating and await coordinator_scope(turn.session, turn.person.id) is not None:
        return False  # a coordinator's words about coordinating are their work (bot/flows/coordination.py)
    _ = turn.tr._
    said = way_in(turn, _(NEW_COORDINATOR) if coordinating else _(NEW_SCHOOL))
    if not turn.services.contact:
        said += "\n" + _("This bot has no contact address for the VET2B team yet; your regional education "
                         "authority can put you in touch.")  # fmt: skip
    turn.say(said)
    return True


@registry.in_context(4)
async def easy_in_words(turn: Turn, text: str) -> bool:
    """ "ijunk lengvą skaitymą", "rašyk paprasčiau", "пиши проще": /easy in words (a student with dyslexia asked
    and got the language picker, then a product search)."""
    wanted = answers.easy_read_request(text)
    if wanted is None:
        return False
    # "paaiškink paprasčiau" from a student: their tasks again, in easy-read (the menu only turned it on)
    explain = wanted and answers.asks_to_explain(text) and any(m.role == "student" for m in await memberships(turn))
    await _set_easy(turn, wanted, menu=not explain)
    if explain:
        await registry.COMMANDS["tasks"](turn, "")
    return True


async def _set_easy(turn: Turn, on: bool, *, menu: bool = True) -> None:
    await accounts.set_easy_read(turn.session, turn.person, on)
    turn.person.easy_read = on
    _ = turn.tr._
    if on:
        turn.say(_("👓 Easy-read is on. I will write short sentences. Send /easy to turn it off."))
    else:
        turn.say(_("Easy-read is off. Send /easy to turn it on again."))
    if menu:
        await show_menu(turn)


@registry.button("m")
async def on_menu_button(turn: Turn, action: Action) -> None:
    target = action.args[0] if action.args else "menu"
    handler = registry.COMMANDS.get(target, registry.COMMANDS["menu"])
    await handler(turn, "")


@registry.intent("greet")
async def on_greet(turn: Turn, _text: str) -> None:
    roles = await memberships(turn)
    if not roles and turn.person.consent_at is None:
        await cmd_start(turn, "")
        return
    await show_menu(turn, turn.tr._("Hello! How can I help?"))
    turn.keep_thread_open()  # "labdien" as a message arrives: the next words may still answer it


@registry.intent("thank")
async def on_thank(turn: Turn, _text: str) -> None:
    turn.say(turn.tr._("You are welcome! Write any time."))
    turn.keep_thread_open()  # "спасибо", then the answer to the school's question: it was run as a search


@registry.before_intent
async def nothing_said(turn: Turn, text: str) -> bool:
    """ "🤔", "...", a lone "wszyscy" with no question open: said so, with the menu ("OK." and a goodbye read them
    as a yes and a farewell). A heart or "🙏" is thanks."""
    if answers.emoji_thanks(text):
        await registry.INTENTS["thank"](turn, text)
        return True
    if not answers.says_nothing(text):
        return False
    await show_menu(turn, turn.tr._(NOT_SURE))
    turn.keep_thread_open()  # an emoji as a notice arrives: the next words may still answer it
    return True


@registry.intent("goodbye")
async def on_goodbye(turn: Turn, text: str) -> None:
    """ "Iki", "até", "до" open a goodbye and a deadline alike: "iki penktadienio" is no farewell, and "šakotis iki
    rytojaus", "cake by tomorrow" name what is needed (they got "Goodbye!")."""
    if find_category(text) is not None:
        await registry.INTENTS["search_offers"](turn, text)
        return
    if asking.interpret(text, "date", language=turn.person.language, now=turn.now).kind == "date":
        turn.say(turn.tr._("What do you need by then? Write it in one message, for example: «40 cakes by Friday»."))
        return
    turn.finish()
    turn.say(turn.tr._("Goodbye! Write any time you need something."))


IT_IS_FREE = N_(
    "Yes: VET2B Chat is free for companies, schools and students. Each school sets the price of its offers; you "
    "agree on it with the school in the enquiry."
)


@registry.in_context(4)
async def free_asked(turn: Turn, text: str) -> bool:
    """ "Is it free?", "ar tai nemokama?", "это бесплатно?": answered (it got "OK.", or a search for offers)."""
    if not answers.asks_if_free(text):
        return False
    turn.say(turn.tr._(IT_IS_FREE))
    return True


@registry.intent("help")
async def on_help(turn: Turn, text: str) -> None:
    await cmd_help(turn, text)


@registry.intent("affirm", "deny")
async def on_yes_no(turn: Turn, text: str) -> None:
    """A yes or no with no question open. "Pubblica" there means a draft the teacher believes open: say there is
    none and how to make one (a bare "OK." left them thinking it was published)."""
    roles = await memberships(turn)
    if answers.asks_to_publish(text) and any(is_staff(m) for m in roles):
        await show_menu(turn, turn.tr._(NO_DRAFT_OPEN))
        return
    await show_menu(turn, turn.tr._("OK."))
    turn.keep_thread_open()  # "ok", then the answer to the message that came before: still its answer


NO_DRAFT_OPEN = N_(
    "There is no offer draft open to publish. Describe your offer in one message, for example «birthday cakes, "
    "25 EUR per kg, within 3 days», or see your saved drafts in /listings."
)


@registry.intent("out_of_scope")
async def on_out_of_scope(turn: Turn, text: str) -> None:
    if looks_around(text):  # "what do you offer in Lithuania?", "o que há no Porto?": the place's offers
        await registry.INTENTS["search_offers"](turn, text)
        return
    turn.say(
        turn.tr._(
            "I can only help with offers from vocational schools: food, cakes, websites, design, repairs and more. "
            "Tell me what you need, for example «logo for my café»."
        )
    )


@registry.on_attachment
async def on_attachment(turn: Turn, kind: str) -> None:
    """Stickers, voice notes, videos, places: never silence — say what the bot can do instead."""
    _ = turn.tr._
    if kind == "location":
        turn.say(_("Thank you! I cannot use a shared location yet. Please type the city instead."))
        return
    # Photos and documents with a file to pass on are routed before this (registry.on_file, bot/flows/attachments.py).
    turn.say(
        _(
            "I cannot use stickers, voice or video messages. Please write in words what you need — I understand "
            "Lithuanian, Latvian, English, Polish, Italian, Portuguese and Russian. Photos and files I pass on in a "
            "conversation: reply to a message from the school or company and send them."
        )
    )
