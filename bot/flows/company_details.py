"""A company's name, city and country: shown when it is set up, and corrected in words by its admin.

A slip at sign-up stayed for good: a blind tester's city was stored as "register my company", another company was
registered in the town it needed catering in. Asking to confirm every sign-up would add a step to every first
contact, so the details are shown once they are stored and "the city is Braga", "change the company name to Doce
Lar", "nosaukums ir SIA Maiznīca" (or, right after setting up, just "no, Kaunas") change them.
"""

from __future__ import annotations

from bot.core import registry
from bot.core.turn import Turn
from bot.flows.common import is_staff, memberships
from bot.flows.errors import describe
from bot.i18n import N_, escape
from domain import accounts
from domain.codes import countries
from domain.errors import DomainError, HiddenCharacters, Invalid
from domain.views import MembershipView
from nlu import answers
from nlu.normalise.places import country_named, find_city

SET_UP = "company_set_up"  # memory: {"org": id} of the company just set up, until the next typed message
BARE_CORRECTION_MAX_WORDS = 6
CHANGE_HINT = N_("Something wrong? Write, for example, «the city is Braga» or «the name is …».")


def details_line(turn: Turn, view: MembershipView) -> str:
    """ "🏢 Doce Lar · 📍 Braga, Portugal": what is stored, as the other side and the coordinators see it."""
    return f"🏢 {escape(view.name)} · 📍 {escape(view.city)}, {turn.tr.country(view.country)}"


def set_up_text(turn: Turn, view: MembershipView, intro: str) -> str:
    """The message that says a company is set up: ``intro``, its stored details and how to correct them."""
    turn.remember(SET_UP, {"org": view.organisation_id})  # no time in it: replicas must store the same state
    return "\n".join([intro, details_line(turn, view), turn.tr._(CHANGE_HINT)])


@registry.in_context(9)
async def detail_in_words(turn: Turn, text: str) -> bool:
    """A company admin's "the city is Braga", "zmień nazwę firmy na Piekarnia Ala", "название: ООО Ромашка"; right
    after setting up, also "no, Kaunas" or "не Вильнюс, а Каунас". School staff's words about a name are about an
    offer (bot/flows/listings.py), so they are not read here."""
    said = answers.company_detail(text)
    recent = _recently_set_up(turn)
    if recent is not None:
        turn.remember(SET_UP, None)  # "no, Kaunas" is read as a correction in the message right after, only
    if said is None and recent is None:
        return False
    roles = await memberships(turn)
    companies = [m for m in roles if m.kind == "company" and m.role == "admin"]
    if not companies or any(is_staff(m) for m in roles):
        return False
    company = next((m for m in companies if m.organisation_id == recent), companies[-1])
    if said is None:
        said = _bare_city_correction(text, company)
        if said is None:
            return False
    if not said[1]:  # "quero mudar o nome da empresa": how to say it, with what is stored now
        turn.say(details_line(turn, company) + "\n" + turn.tr._(CHANGE_HINT))
        return True
    await _change(turn, company, *said)
    return True


def _recently_set_up(turn: Turn) -> int | None:
    mark = turn.recall(SET_UP)
    return mark["org"] if isinstance(mark, dict) and isinstance(mark.get("org"), int) else None


def _bare_city_correction(text: str, company: MembershipView) -> tuple[str, str] | None:
    """ "no, Kaunas", "ne, Kaune", "не Вильнюс, а Каунас": a short no naming another town than the stored one."""
    if len(text.split()) > BARE_CORRECTION_MAX_WORDS:
        return None
    if answers.yes_no(text) != "no" and not answers.has_stem(text, answers.DETAIL_CHANGE_STEMS):
        return None
    town = _other_town(text, company)
    return ("city", town[0]) if town is not None else None


def _other_town(text: str, company: MembershipView) -> tuple[str, str] | None:
    """The town named that is not the stored one ("not Vilnius but Kaunas", "nav Rīga bet Jelgava"): the first
    found in the words from each word on."""
    stored = find_city(company.city)
    words = text.split()
    for start in range(len(words)):
        town = find_city(" ".join(words[start:]))
        if town is not None and town != stored and town[0] != company.city:
            return town
    return None


async def _change(turn: Turn, company: MembershipView, field: str, value: str) -> None:
    _ = turn.tr._
    name = city = country = None
    if field == "name":
        name = value
    elif field == "city":
        town = _other_town(value, company) or find_city(value)
        city = town[0] if town is not None else value
        if town is not None and town[1] in countries():
            country = town[1]  # "Braga" after Portugal, or "Kaunas" after Latvia: the town's own country
    else:
        country = value.strip().upper() if len(value.strip()) == 2 else country_named(value)
        if country is None or country not in countries():
            turn.say(_("I did not recognise that country. Please choose it or type its name, for example Portugal."))
            return
    try:
        view = await accounts.update_company(
            turn.session, turn.person, company.organisation_id, name=name, city=city, country=country
        )
    except HiddenCharacters as refused:
        turn.say(describe(turn.tr, refused))
        return
    except Invalid:
        turn.say(_("Please send the company name (2 to 200 characters).") if field == "name" else
                 _("Please send the city name."))  # fmt: skip
        return
    except DomainError as refused:
        turn.say(describe(turn.tr, refused))
        return
    turn.say(_("✔ Saved.") + "\n" + details_line(turn, view))
