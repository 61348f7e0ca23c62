"""A company describes a need; we search, show cards, page, show details and refine the last search."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bot.core import asking, registry
from bot.core.callbacks import Action
from bot.core.turn import Turn
from bot.core.types import Button, Photo
from bot.flows.alerts import alert_button
from bot.flows.cards import hit_card
from bot.flows.common import WHAT_IT_IS, is_staff, memberships
from bot.flows.coordination import card_buttons
from bot.flows.gallery import card_photos, say_with_photo, show_listing
from bot.flows.offer_reports import report_button
from bot.i18n import N_
from domain.enquiries import unanswerable_listings
from domain.listings import listing_view
from domain.replies import open_thread
from domain.search.message import need_phrase
from domain.search.money import in_eur
from domain.search.service import SearchHit, SearchPage, SearchQuery, looks_around
from domain.search.stopwords import STOP_WORDS
from domain.search.translit import as_russian
from domain.views import ListingView
from nlu import answers
from nlu.language_names import language_named
from nlu.normalise._text import fold
from nlu.normalise.dates import without_date_words
from nlu.normalise.lead_time import extract_lead_time
from nlu.normalise.offer_text import extract_minimum
from nlu.normalise.places import find_city, find_country

PAGE_SIZE = 5
# Under an offer whose school has no teacher in the chat yet: an enquiry would be refused, so say so first.
NOT_JOINED = N_("⏳ No teacher of this school is in the chat yet: enquiries cannot be answered for now.")
REFINE_MAX_WORDS = 7


def _query_from(data: dict[str, Any]) -> SearchQuery:
    max_price = Decimal(data["max_price"]) if data.get("max_price") else None
    return SearchQuery(
        text=data.get("text", ""),
        language=data.get("language"),
        country=data.get("country"),
        city=data.get("city"),
        category=data.get("category"),
        max_price=max_price,
        max_price_currency=str(data.get("max_price_currency") or "EUR"),
        cheapest_first=bool(data.get("cheaper")),
        page=int(data.get("page", 0)),
        page_size=PAGE_SIZE,
    )


async def run_search(turn: Turn, data: dict[str, Any], *, edit: bool = False) -> SearchPage:
    page = await turn.services.search.search(turn.session, _query_from(data))
    turn.remember("search", data | {"shown": [h.listing_id for h in page.hits]})
    turn.remember("focus", None)  # "this one" now means one of these results
    photos = await card_photos(turn, [h.listing_id for h in page.hits])
    silent = await unanswerable_listings(turn.session, [h.listing_id for h in page.hits])
    _show_page(turn, page, data, edit=edit, photos=photos, silent=silent)
    return page


def _show_page(
    turn: Turn,
    page: SearchPage,
    data: dict[str, Any],
    *,
    edit: bool,
    photos: dict[int, Photo] | None = None,
    silent: set[int] | None = None,
) -> None:
    """One message for the page; one message per offer in easy-read or when an offer has a picture (the
    picture carries its card as the caption, and its buttons)."""
    photos = photos or {}
    tr = turn.tr
    if not page.hits:
        _show_nothing(turn, page, data)
        return
    first = page.page * PAGE_SIZE
    header = tr.n_("I found {n} offer:", "I found {n} offers:", page.total)
    cards = [hit_card(tr, first + i + 1, hit) for i, hit in enumerate(page.hits)]
    cards = [card + ("\n" + tr._(NOT_JOINED) if hit.listing_id in (silent or set()) else "")
             for card, hit in zip(cards, page.hits, strict=True)]  # fmt: skip
    rows = [_hit_buttons(turn, first + i + 1, hit) for i, hit in enumerate(page.hits)]
    nav: list[Button] = []
    if page.page > 0:
        nav.append(turn.button(tr._("◀ Back"), "sp", page.page - 1, means="back"))
    if first + len(page.hits) < page.total:
        nav.append(turn.button(tr._("More results ▶"), "sp", page.page + 1, means="skip"))
    if nav:
        rows.append(nav)
    alert = [alert_button(turn, data)]  # "let me know when something like this appears" (bot/flows/alerts.py)
    rows.append(alert)
    if turn.easy:  # one offer per message, every fact in the text, three buttons at most
        for number, (card, hit) in enumerate(zip(cards, page.hits, strict=True), start=first + 1):
            enquire = turn.button(tr._("✉️ Enquire"), "eq", hit.listing_id, means=f"item:{number}")
            say_with_photo(
                turn, photos.get(hit.listing_id), card, [[enquire, report_button(turn, hit.listing_id, number)]]
            )
        turn.say(tr._("Showing {first}–{last} of {total}.", first=first + 1, last=first + len(cards),
                      total=page.total), [nav, alert] if nav else [alert])  # fmt: skip
        return
    footer = tr._("Showing {first}–{last} of {total}.", first=first + 1, last=first + len(cards), total=page.total)
    if photos:
        turn.say(header)
        for card, hit, row in zip(cards, page.hits, rows, strict=False):
            say_with_photo(turn, photos.get(hit.listing_id), card, [row])
        turn.say(footer, [nav, alert] if nav else [alert])
        return
    turn.say("\n\n".join([header, *cards, footer]), rows, edit=edit)


def _hit_buttons(turn: Turn, number: int, hit: SearchHit) -> list[Button]:
    _ = turn.tr._
    return [
        turn.button(_("ℹ️ {number}. Details", number=number), "sd", hit.listing_id, means=f"details:{number}"),
        turn.button(_("✉️ {number}. Enquire", number=number), "eq", hit.listing_id, means=f"item:{number}"),
        report_button(turn, hit.listing_id, number),
    ]


def _show_nothing(turn: Turn, page: SearchPage, data: dict[str, Any]) -> None:
    tr = turn.tr
    text = tr._("I did not find offers for that.")
    if data.get("city") or data.get("country") or data.get("max_price"):
        text += " " + tr._("Try without the place or price limit.")
    rows = [[turn.button(tr.category(key), "sc", key, means=f"item:{n}")]
            for n, key in enumerate(page.suggestions[:3], start=1)]  # fmt: skip
    if rows:
        text += "\n" + tr._("Maybe one of these categories?")
    else:
        text += "\n" + tr._("Try other words, for example «wedding cake» or «website for a shop».")
    turn.say(text, [*rows, [alert_button(turn, data)]])


def _is_refinement(turn: Turn, text: str, entities: dict[str, Any]) -> bool:
    """A short message that narrows the search just shown: a place, a price cap, "cheaper"."""
    previous = turn.recall("search")
    if not previous or ("category" in entities and entities["category"] != previous.get("category")):
        return False
    if answers.alerts_command(text) is not None:  # "сообщи, когда появится что-то похожее в Латвии": an alert
        return False
    has_filter = "country" in entities or "city" in entities or answers.asks_cheaper(text)
    has_filter = has_filter or (answers.lifts_price_limit(text) and "max_price" in previous)
    return (has_filter or answers.price_cap(text) is not None) and len(text.split()) <= REFINE_MAX_WORDS


@registry.in_context(10)
async def refine_in_context(turn: Turn, text: str) -> bool:
    """After results, "iki 100 eurų", "only in Latvia", "cheaper" narrow them, whatever the intent says."""
    if not turn.recall("search"):
        return False
    if await open_thread(turn.session, turn.person.id, turn.previous_at) is not None:
        return False  # the school wrote since the results: "at 12, Brivibas iela 10 Riga" answers it
    if answers.asks_delivery(text) and await _delivery_answered(turn, text):
        return True
    result = await turn.understand(text)
    if await _order_said(turn, text, result.entities):
        return True
    about_price = answers.asks_cheaper(text) or answers.price_cap(text) is not None  # "pigiau" read as task_done
    if (result.intent in NOT_REFINING and not about_price) or language_named(text):
        return False
    entities = result.entities
    shown_category = (turn.recall("search") or {}).get("category")
    other_search = "city" in entities or "country" in entities or entities.get("category") not in (None, shown_category)
    cheaper_one = answers.asks_cheaper(text) and answers.points_at_one(text) and not answers.picks_cheapest(text)
    picks = answers.picks_cheapest(text) or cheaper_one
    cheapest = await _cheapest_shown(turn) if picks and not other_search else None
    if cheapest is not None and cheaper_one:  # "the cheaper one": its card (it said "nothing cheaper", listed all)
        await registry.BUTTONS["sd"](turn, Action("sd", (str(cheapest),)))
        return True
    if cheapest is not None:  # "the cheapest one": that result (it re-sorted them)
        await _open_picked(turn, text, cheapest)
        return True
    if not _is_refinement(turn, text, result.entities):
        picked = await _picked_by_place(turn, text, result.entities)
        if picked is None:
            return False
        await _open_picked(turn, text, picked)
        return True
    await _refine(turn, text, result.entities)
    return True


async def _order_said(turn: Turn, text: str, entities: dict[str, Any]) -> bool:
    """ "I'll take the cheaper one", "enquire about it", "labi, pasūtām", "chcę zamówić ten tort" with results shown:
    the enquiry to the one meant (or "which one?"). The intent model read them as a search, "my enquiries" or a
    yes, and every answer after them became a search; the user believed the order sent. A new need said with an
    order verb ("we need to order catering for 50") names another category and is searched."""
    memory = turn.recall("search") or {}
    if not memory.get("shown") or answers.is_question(text) or answers.names_numbered(text):
        return False  # "accept enquiry #1": about that enquiry, no result of these (it began another enquiry)
    takes = answers.takes_one(text)
    if not takes and not (answers.wants_to_order(text) and not answers.names_own_list(text)):
        return False
    category = entities.get("category")
    if category not in (None, memory.get("category")):
        views = await _shown_views(turn)
        if category not in {v.category for v in views} and not _named_by_title(views, text):
            return False
    cheapest = await _cheapest_shown(turn) if answers.asks_cheaper(text) or answers.picks_cheapest(text) else None
    picked = cheapest or await _picked_by_place(turn, text, entities)  # "I want to order the one from Riga"
    if picked is not None:
        await registry.BUTTONS["eq"](turn, Action("eq", (str(picked),)))
        return True
    await on_send_enquiry(turn, text)
    return True


DELIVERED_THERE = N_("Yes: «{title}» is delivered to {country}.")
NOT_DELIVERED_THERE = N_(
    "«{title}» is delivered to {countries} — not to {country}. You can ask the school about it in an enquiry."
)


async def _delivery_answered(turn: Turn, text: str) -> bool:
    """ "Can they deliver to Kaunas?", "e entregam em Braga?" about the offer looked at (or the only one shown): its
    delivery countries answer it. (It was read as "only in Kaunas" and found nothing; "o primeiro" after that
    picked a category.)"""
    focus = turn.recall("focus")
    shown = [int(i) for i in (turn.recall("search") or {}).get("shown", [])]
    picked = answers.ordinal(text, len(shown)) if len(shown) > 1 else None  # "e o primeiro, entregam em Braga?"
    if picked is not None:
        listing_id: int | None = shown[picked - 1]
    else:
        listing_id = int(focus) if focus is not None else (shown[0] if len(shown) == 1 else None)
    town = find_city(text)
    country = find_country(text) or (town[1] if town is not None else None)
    if country is None or (listing_id is None and len(shown) < 2):
        return False
    if listing_id is None:  # "consegnano anche a Torino?" with four results: each one's answer, and they stay
        views = [await listing_view(turn.session, i) for i in shown[:DELIVERY_ANSWERS_MAX]]
        rows = [[turn.button(turn.tr._("✉️ {number}. Enquire", number=n), "eq", v.id, means=f"item:{n}")]
                for n, v in enumerate(views, start=1)]  # fmt: skip  # "il primo" still picks
        turn.say("\n".join(_delivery_line(turn, view, country) for view in views), rows, expects="choice")
        return True
    view = await listing_view(turn.session, listing_id)
    said = _delivery_line(turn, view, country)
    turn.say(said, [[turn.button(turn.tr._("✉️ Enquire"), "eq", view.id, means="item:1")]])
    return True


DELIVERY_ANSWERS_MAX = 5  # the results of one page


def _delivery_line(turn: Turn, view: ListingView, country: str) -> str:
    """Whether ``view`` is delivered to ``country`` (delivery is by country: Kaunas is "Lithuania")."""
    tr = turn.tr
    place = tr.country(country)
    if country in view.delivers_to:
        return tr._(DELIVERED_THERE, title=view.title, country=place)
    countries = ", ".join(tr.country(c) for c in view.delivers_to) or "—"
    return tr._(NOT_DELIVERED_THERE, title=view.title, countries=countries, country=place)


# A refinement is often misread on its own ("iki 100 eurų" as an offer with a price, "só até 100" as anything):
# with a place or price in a short message after results, only these intents mean something else.
# ("and in Italy?" may be read as a wish to switch language: it is one only when it names a language.)
NOT_REFINING = frozenset({"my_enquiries", "my_listings", "my_tasks", "help", "task_done"})


# A message this long that states two of an offer's facts (its price, how fast, the minimum order) describes one.
OFFER_FACTS_MIN_WORDS = 8


async def _describes_own_offer(turn: Turn, text: str, entities: dict[str, Any], language: str) -> bool:
    """A teacher's long message with two of an offer card's facts ("…Цена примерно двенадцать евро на человека,
    нужно предупредить за пять дней, минимум 15 гостей") is their offer, whatever its words of need: a teacher
    rarely searches, and never with a lead time and a minimum order. (It ran a search and the text was lost.)"""
    if len(text.split()) < OFFER_FACTS_MIN_WORDS:
        return False
    roles = await memberships(turn)
    if not any(is_staff(m) for m in roles) or any(m.kind == "company" for m in roles):
        return False
    facts = (
        "price" in entities and answers.price_cap(text) is None,
        extract_lead_time(text, language) is not None,
        extract_minimum(text, language) is not None,
    )
    return sum(facts) >= 2


CATEGORIES_SHOWN = 6  # "what do you have?": the largest categories, as buttons


async def say_what_it_has(turn: Turn) -> None:
    """What the bot is, and the categories with the most offers as buttons with their counts: a newcomer who asks
    "what do you have?" learns what to ask for."""
    tr = turn.tr
    offered = await turn.services.search.categories_offered(turn.session, CATEGORIES_SHOWN)
    if not offered:
        turn.say(tr._(WHAT_IT_IS))
        return
    rows = [[turn.button(f"{tr.category(key)} ({tr.number(count)})", "sc", key, means=f"item:{n}")]
            for n, (key, count) in enumerate(offered, start=1)]  # fmt: skip
    turn.say(tr._(WHAT_IT_IS) + "\n\n" + tr._("Most offers are in these categories:"), rows)


@registry.in_context(3)
async def what_you_have(turn: Turn, text: str) -> bool:
    """ "what do you have?", "co macie?", "show me all categories" from anyone but a school's staff: what the bot
    is and its largest categories (it searched for the words, found junk or nothing)."""
    if not answers.asks_what_you_have(text) or looks_around(text):
        return False  # "what do schools in Porto offer?": that place's offers
    if any(is_staff(m) for m in await memberships(turn)):
        return False
    await say_what_it_has(turn)
    return True


@registry.intent("search_offers", "nlu_fallback")
async def on_search(turn: Turn, text: str) -> None:
    if answers.is_question(text) and answers.asks_what_is_offered(text) and not looks_around(text):
        await say_what_it_has(turn)  # "what do you offer?": what the bot is ("nothing found", or teachers only)
        return
    result = await turn.understand(text)
    entities = result.entities
    if _is_refinement(turn, text, entities):
        await _refine(turn, text, entities)
        return
    if await _describes_own_offer(turn, text, entities, result.language or turn.person.language):
        await registry.COMMANDS["offer"](turn, text)
        return
    # "nuzhen remont mashiny v daugavpilse" is searched as the Russian it is ("нужен ремонт машины в даугавпилсе"):
    # in Latin letters its request word and place are unknown words, and nothing matched
    data: dict[str, Any] = {"text": as_russian(text, result.language), "language": result.language,
                            "page": 0}  # fmt: skip
    data.update({key: entities[key] for key in ("country", "city") if key in entities})
    cap = answers.price_cap(text)
    if cap is not None:  # "birthday cakes up to 10 euro": the limit from the first message on
        data["max_price"], data["max_price_currency"] = str(cap[0]), cap[1]
    turn.remember("needs", asking.needs_said(entities, text, turn.person.language))
    before = len(turn.replies)
    page = await run_search(turn, data)
    undated = without_date_words(data["text"]) if not page.hits and "date" in entities else data["text"]
    if undated != data["text"] and undated.strip():  # "… keksiukų kitam penktadieniui": a day no listing names
        del turn.replies[before:]
        data["text"] = undated
        page = await run_search(turn, data)
    if not page.hits and (data.get("city") or data.get("country")):
        nearby = turn.replies[before:]
        del turn.replies[before:]
        need = " ".join(need_phrase(data["text"], data.get("language"), STOP_WORDS))
        if need and need != fold(data["text"]).strip():  # "торт на юбилей в Даугавпилсе": the cake, there
            if (await run_search(turn, data | {"text": need})).hits:
                return
            del turn.replies[before:]
        # nothing nearby: say so, and show what exists elsewhere
        wider = {k: v for k, v in data.items() if k not in ("city", "country")}
        turn.say(turn.tr._("Nothing there yet — here are offers from other places."))
        town = find_city(str(data["city"])) if data.get("city") else None
        country = data.get("country") or (town[1] if town is not None else None)
        if data.get("city") and country:  # "catering in Vilnius": Kaunas before Bologna, Kraków and Porto
            mark = len(turn.replies)
            if (await run_search(turn, wider | {"country": country})).hits:
                return
            del turn.replies[mark:]
        if not (await run_search(turn, wider)).hits:  # nowhere either: one "nothing found", not a contradiction
            turn.replies[before:] = nearby
            turn.remember("search", data | {"shown": []})


NO_PHOTOS = N_("«{title}» has no photos yet. You can ask the school for some in an enquiry.")


@registry.in_context(10)
async def photos_asked(turn: Turn, text: str) -> bool:
    """ "tem fotos?", "ci sono foto?", "vai ir bildes?" with an offer's card open (or one result): its photos, or
    that it has none (a new search for photography or websites replaced the results looked at)."""
    if not answers.asks_for_photos(text) or answers.ordinal(text, ORDINAL_REACH) is not None:
        return False  # "fotos da 1": that result (the typed answer to the list's buttons)
    focus = turn.recall("focus")
    shown = [int(i) for i in (turn.recall("search") or {}).get("shown", [])]
    listing_id = int(focus) if focus is not None else shown[0] if len(shown) == 1 else None
    if listing_id is None:
        return False
    if not await card_photos(turn, [listing_id]):
        view = await listing_view(turn.session, listing_id)
        turn.say(turn.tr._(NO_PHOTOS, title=view.title),
                 [[turn.button(turn.tr._("✉️ Enquire"), "eq", view.id, means="item:1")]])  # fmt: skip
        return True
    await on_details(turn, Action("sd", (str(listing_id),)))
    return True


@registry.in_context(10)
async def result_by_number(turn: Turn, text: str) -> bool:
    """A result picked by its number when it is on another page than the one shown ("tell me more about number 7"
    with 1–5 shown, "the 5th one" with 6–8 shown): that page is read and the result opened (it turned the page, and
    then asked "Which one? Type its number")."""
    previous = turn.recall("search") or {}
    shown = [int(i) for i in previous.get("shown", [])]
    if answers.names_numbered(text):
        return False  # "accept enquiry #1", "l'ordine 2": that enquiry or order, no result (it began a new enquiry)
    number = answers.ordinal(text, ORDINAL_REACH) if shown and answers.picks_by_number(text) else None
    if number is None or number >= ORDINAL_REACH:  # "the last one" is the last shown: the buttons' answer
        return False
    first = int(previous.get("page", 0)) * PAGE_SIZE
    if first < number <= first + len(shown):
        listing_id = shown[number - first - 1]
        if _results_on_screen(turn, listing_id):
            return False  # on the page shown: its buttons' answer
        # a card opened since ("quanto costa la terza?", then "e la seconda?"): the number is still the list's (it
        # showed the card again, or another result)
        await _open_picked(turn, text, listing_id)
        return True
    page_no = (number - 1) // PAGE_SIZE
    page = await turn.services.search.search(turn.session, _query_from(dict(previous) | {"page": page_no}))
    index = (number - 1) % PAGE_SIZE
    if index >= len(page.hits):  # "а сколько стоит второй?" with one result: said so (the first was shown again)
        turn.say(turn.tr.n_("There is only {n} offer in the list.", "There are only {n} offers in the list.",
                            page.total))  # fmt: skip
        return True
    turn.remember("search", previous | {"page": page_no, "shown": [h.listing_id for h in page.hits]})
    await _open_picked(turn, text, page.hits[index].listing_id)
    return True


def _results_on_screen(turn: Turn, listing_id: int) -> bool:
    """Whether the last message with buttons is the results list (its buttons pick ``listing_id`` by number)."""
    options = turn.asked.options if turn.asked else []
    return any(o.action[0] == "sd" and o.action[1:2] == (str(listing_id),) and o.means for o in options)


async def _open_picked(turn: Turn, text: str, listing_id: int) -> None:
    """The result picked in words: its details when the words ask the price ("ten z Gdańska, ile to kosztuje?") or
    ask which one ("which one is the cheapest?": a question, not an order), else the enquiry to it."""
    action = "sd" if answers.asks_about_it(text) else "eq"
    await registry.BUTTONS[action](turn, Action(action, (str(listing_id),)))


def _named_by_title(views: list[ListingView], text: str) -> int | None:
    """The one offer shown whose title the words name more than any other's ("o dos bolos de aniversario")."""
    named = [(answers.mentions(text, v.title), v) for v in views]
    best = max((n for n, _ in named), default=0)
    chosen = [v for n, v in named if n == best]
    return chosen[0].id if best and len(chosen) == 1 else None


async def _shown_views(turn: Turn) -> list[ListingView]:
    """The results the last search showed, as cards read them."""
    return [await listing_view(turn.session, int(i)) for i in (turn.recall("search") or {}).get("shown", [])]


async def _cheapest_shown(turn: Turn) -> int | None:
    """The result shown with the lowest known price (compared in euros), if any has a price; among those priced
    by the unit of the first result only ("per kg" cakes are not dearer than a pastry at 0.90 € "per item")."""
    views = await _shown_views(turn)
    units = [v.price_unit for v in views if v.price_amount is not None]
    views = [v for v in views if not units or v.price_unit == units[0]]
    priced = [(in_eur(float(v.price_amount), v.price_currency), v.id) for v in views if v.price_amount is not None]
    known = [(eur, listing_id) for eur, listing_id in priced if eur is not None]
    return min(known)[1] if known else None


async def _picked_by_place(turn: Turn, text: str, entities: dict[str, Any]) -> int | None:
    """The one result shown that "the one from Kaunas" / "quello lituano" / "I want to order the one from Riga"
    points at, if exactly one is there; or that "quero encomendar o dos bolos de aniversario" names by its title
    (the words of one title only). Both ran a new search."""
    ordering = answers.wants_to_order(text)
    if not (answers.points_at_one(text) or ordering):
        return None
    views = await _shown_views(turn)
    by_title = _named_by_title(views, text)
    if ordering and by_title is not None:
        return by_title
    if "city" in entities:
        there = [v for v in views if fold(v.city) == fold(str(entities["city"]))]
    elif "country" in entities:
        there = [v for v in views if v.country == entities["country"]]
    else:  # "o de porto": the town as a shown card writes it, where the NLU found no place in so few words
        typed = set(fold(text).split())
        there = [v for v in views if v.city and fold(v.city) in typed]
    return there[0].id if len(there) == 1 else None


async def _refine(turn: Turn, text: str, entities: dict[str, Any]) -> None:
    """Narrow the last search. A new place keeps an explicit price cap but not a "cheaper" one (that was
    cheaper than what the other place offered); "cheaper" when nothing is says so and keeps the results."""
    picked = await _picked_by_place(turn, text, entities)
    if picked is not None:  # "ta kur iš Kauno" with one Kaunas offer shown: that one, as "the first one" would
        await _open_picked(turn, text, picked)
        return
    shown = dict(turn.recall("search") or {})
    previous = dict(shown)
    previous["page"] = 0
    if ("country" in entities or "city" in entities) and previous.pop("cheaper", False):
        previous.pop("max_price", None)
        previous.pop("max_price_currency", None)
    if "country" in entities:
        previous["country"] = entities["country"]
        previous.pop("city", None)
    if "city" in entities:
        previous["city"] = entities["city"]
    if answers.lifts_price_limit(text):
        for key in ("max_price", "max_price_currency", "cheaper"):
            previous.pop(key, None)
    cap = answers.price_cap(text)
    cheaper = cap is None and answers.asks_cheaper(text)
    if cap is not None:
        previous["max_price"], previous["max_price_currency"] = str(cap[0]), cap[1]
        previous.pop("cheaper", None)
    elif cheaper:
        prices = [await _price_of(turn, listing_id) for listing_id in previous.get("shown", [])]
        known = [(amount, currency) for amount, currency in prices if amount is not None and currency is not None]
        if known:  # cheaper than the cheapest shown, in its currency (search converts between currencies)
            amount, currency = min(known, key=lambda p: (p[1] != "EUR", p[0]))
            previous["max_price"] = str(amount - Decimal("0.01"))
            previous["max_price_currency"] = currency
            previous["cheaper"] = True
    previous.pop("shown", None)
    page = await run_search(turn, previous)
    if cheaper and not page.hits:  # say so, and show again what there is: "the first one" picks from it
        turn.replies.pop()
        floor = previous.get("max_price")
        if floor is not None:  # "nothing cheaper: these are the cheapest", then a list cheaper on top, read as a
            # contradiction: the cheapest shown is named
            lowest = turn.tr.money(Decimal(str(floor)) + Decimal("0.01"), str(previous.get("max_price_currency")))
            turn.say(turn.tr._("Nothing is cheaper than {price}. Here they are, the cheapest first.", price=lowest))
        else:
            turn.say(turn.tr._("I found nothing cheaper for that: these offers are the cheapest."))
        await run_search(turn, {k: v for k, v in shown.items() if k != "shown"} | {"page": 0, "cheaper": True})


async def _price_of(turn: Turn, listing_id: int) -> tuple[Decimal | None, str | None]:
    view = await listing_view(turn.session, listing_id)
    return view.price_amount, view.price_currency


@registry.command("search")
async def cmd_search(turn: Turn, args: str) -> None:
    if args:
        await on_search(turn, args)
        return
    turn.finish()
    turn.say(
        turn.tr._("Tell me what you need, for example: «catering for 40 people in Riga» or «3D printed prototypes».")
    )


@registry.button("sp")
async def on_page(turn: Turn, action: Action) -> None:
    previous = turn.recall("search")
    if not previous:
        await cmd_search(turn, "")
        return
    await run_search(turn, dict(previous) | {"page": max(0, action.arg_int(0))}, edit=not turn.easy)


@registry.button("sc")
async def on_category(turn: Turn, action: Action) -> None:
    key = action.args[0] if action.args else ""
    await run_search(turn, {"text": "", "category": key, "language": turn.person.language, "page": 0})


@registry.button("sd")
async def on_details(turn: Turn, action: Action) -> None:
    view = await listing_view(turn.session, action.arg_int(0))
    if not view.visible:
        turn.say(turn.tr._("This offer is not available any more."))
        return
    turn.remember("focus", view.id)
    enquire = turn.button(turn.tr._("✉️ Enquire"), "eq", view.id, means="item:1")
    rows = [[enquire], [report_button(turn, view.id)], *await card_buttons(turn, view.id, view.country)]
    await show_listing(turn, view, rows)


# How far "the tenth one" is read, to tell a number beyond the offers shown from no number at all.
ORDINAL_REACH = 50


@registry.intent("send_enquiry")
async def on_send_enquiry(turn: Turn, text: str) -> None:
    """ "I want to order this", "quero encomendar o primeiro": the offer just shown, looked at, or named."""
    previous = turn.recall("search") or {}
    shown = [int(i) for i in previous.get("shown", [])]
    picked = answers.ordinal(text, len(shown)) if shown else None
    beyond = picked is None and shown and (answers.ordinal(text, ORDINAL_REACH) or 0) > len(shown)
    focus = turn.recall("focus")
    views = [await listing_view(turn.session, i) for i in shown] if picked is None and shown else []
    named = _named_by_title(views, text)  # "send request for the hairdressing": that one, not the one last opened
    if picked is not None:
        listing_id = shown[picked - 1]
    elif named is not None:
        listing_id = named
    elif focus is not None and not beyond:
        listing_id = int(focus)
    elif len(shown) == 1 and not beyond:  # "the second one" with one offer shown: which one, not that one
        listing_id = shown[0]
    elif shown:
        entities = (await turn.understand(text)).entities  # "voglio richiedere 50 scatole entro venerdì prossimo"
        said = asking.needs_said(entities, text, turn.person.language)
        if said:  # kept for the enquiry to the one picked next (they were asked again, the date lost)
            turn.remember("needs", (turn.recall("needs") or {}) | said)
        await run_search(turn, dict(previous))
        turn.say(turn.tr._("Which one? Type its number, for example «2»."))
        return
    elif answers.ordinal(text, ORDINAL_REACH) is not None:  # "quero pedir o segundo" with no offer shown
        await cmd_search(turn, "")
        return
    else:
        await on_search(turn, text)
        return
    await registry.BUTTONS["eq"](turn, Action("eq", (str(listing_id),)))
