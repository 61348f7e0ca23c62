"""The teacher's journey through the real router: post an offer from free text, manage listings, split an
order into tasks for students and complete it — and buttons forged for people who may not press them.

People join the way they do in production: organisations exist, teachers and students redeem invite
links with "/start TOKEN". Rasa is closed (fallback mode) unless a test gives the fake Rasa an intent.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.types import Button, Reply
from bot.flows.errors import MESSAGES
from bot.i18n import translator
from domain import accounts, dialogue, enquiries
from domain.db import transaction
from domain.invites import create_invite
from domain.listings import create_listing
from domain.models import ConversationState, Listing, Order, Organisation, Person, Task, TaskAssignment
from domain.search.service import SearchService
from domain.views import ListingDraft
from tests.domain.factories import org, snapshot
from tests.flows.helpers import Chat, make_services, outbox, person_by_telegram, text_of

LT_OFFER = "Mūsų mokiniai gali iškepti tortus gimtadieniams už 25 eur/kg, per 3 dienas, nuo 2 kg."
PT_OFFER = "Oferecemos pastéis de nata a 1,20 € por unidade, mínimo 50 unidades, em 3 dias."


@dataclass
class School:
    id: int
    slug: str


_next_user = iter(range(910_000_001, 920_000_000))


def _chat(db: async_sessionmaker[AsyncSession], name: str, language: str, **kwargs: Any) -> Chat:
    services = make_services(db, **kwargs)
    services.search = SearchService(refresh_interval=0)  # see a listing the moment it is published
    return Chat(services, next(_next_user), name, language)


async def _school(db: async_sessionmaker[AsyncSession], name: str, country: str, city: str) -> School:
    async with transaction(db) as s:
        o = await org(s, "school", name, country=country, city=city)
        return School(o.id, o.slug)


async def _join(db: async_sessionmaker[AsyncSession], chat: Chat, school: School, role: str) -> None:
    async with transaction(db) as s:
        invite = await create_invite(s, school.slug, role)
    replies = await chat.send(f"/start {invite.token}")
    assert "This invite link" not in text_of(replies)


async def _teacher(db: async_sessionmaker[AsyncSession], school: School, name: str, language: str,
                   **kwargs: Any) -> Chat:  # fmt: skip
    chat = _chat(db, name, language, **kwargs)
    await _join(db, chat, school, "teacher")
    return chat


async def _company(db: async_sessionmaker[AsyncSession], name: str, language: str = "en") -> Chat:
    chat = _chat(db, f"{name} owner", language)
    async with transaction(db) as s:
        person, _ = await accounts.get_or_create_person(s, chat.user_id, language)
        await accounts.create_company(s, person, name, "LT", "Vilnius")
    return chat


async def _state(db: async_sessionmaker[AsyncSession], chat: Chat) -> dict[str, Any]:
    person = await person_by_telegram(db, chat.user_id)
    async with transaction(db) as s:
        state = await dialogue.load_state(s, person.id)
    return {"flow": state.flow, "step": state.step, **state.data}


async def _listings(db: async_sessionmaker[AsyncSession]) -> list[Listing]:
    async with transaction(db) as s:
        return list(await s.scalars(select(Listing).order_by(Listing.id)))


async def _listing(db: async_sessionmaker[AsyncSession], listing_id: int) -> Listing:
    async with transaction(db) as s:
        row = await s.get(Listing, listing_id)
        assert row is not None
        return row


def _count(reply: Reply) -> int:
    return sum(len(row) for row in reply.buttons)


def _refusals(language: str) -> list[str]:
    """The refusal messages in the presser's language: domain errors, generic ones, the flows' "Only …" texts."""
    tr = translator(language)
    with (Path(__file__).resolve().parents[2] / "locales" / "messages.pot").open("rb") as handle:
        only = [m.id for m in read_po(handle) if isinstance(m.id, str) and m.id.startswith("Only ")]
    generic = ["You are not allowed to do this.", "This button is no longer valid. Send /menu to start again."]
    return [tr._(message) for message in [*MESSAGES.values(), *generic, *only]]


def _forge(chat: Chat, action: str, *args: object) -> Button:
    """A button made for ``chat``'s user with a valid signature: what a replayed or crafted callback looks like."""
    return Button("forged", chat.services.signer.sign(chat.user_id, action, *args))


# --- posting an offer ---------------------------------------------------------------------------------------


async def test_offer_in_lithuanian_extracts_fields_fix_price_publish_and_search(
    db: async_sessionmaker[AsyncSession],
) -> None:
    school = await _school(db, "Kauno maisto mokykla", "LT", "Kaunas")
    teacher = await _teacher(db, school, "Mokytoja", "lt")

    card = await teacher.send(f"/offer {LT_OFFER}")

    draft = (await _state(db, teacher))["draft"]
    assert draft["title"] == "Iškepti tortus gimtadieniams"
    assert draft["category"] == "bakery"
    assert (draft["price_amount"], draft["price_currency"], draft["price_unit"]) == ("25.00", "EUR", "kg")
    assert (draft["lead_time_days"], draft["min_quantity"], draft["delivers_to"]) == (3, 2, ["LT"])
    assert draft["description"] == LT_OFFER and draft["language"] == "lt"
    assert "Iškepti tortus gimtadieniams" in text_of(card) and "Kepiniai" in text_of(card)  # category in lt

    asked = await teacher.press(teacher.button(card, "ofe", "price"))
    assert (await _state(db, teacher))["step"] == "price"
    refused = await teacher.send("nemokamai")
    assert "1,000,000" in text_of(refused) or "1 000 000" in text_of(refused)
    fixed = await teacher.send("30,50")
    draft = (await _state(db, teacher))["draft"]
    assert (draft["price_amount"], draft["price_currency"], draft["price_unit"]) == ("30.50", "EUR", "kg")
    assert asked and (await _state(db, teacher))["step"] == "review"

    published = await teacher.press(teacher.button(fixed, "ofp"))

    [listing] = await _listings(db)
    assert listing.status == "active" and listing.organisation_id == school.id
    assert listing.price_amount == Decimal("30.50") and listing.lead_time_days == 3 and listing.min_quantity == 2
    assert "Iškepti tortus gimtadieniams" in text_of(published)
    assert (await _state(db, teacher))["flow"] is None

    company = await _company(db, "Kavinė Centras", "lt")
    found = await company.send("gimtadienio tortai")
    assert "Iškepti tortus gimtadieniams" in text_of(found)
    assert [company.action(b).args for b in company.buttons(found, "eq")] == [(str(listing.id),)]


async def test_a_new_offer_typed_at_an_open_draft_is_drafted_and_the_old_one_kept(
    db: async_sessionmaker[AsyncSession],
) -> None:
    """Blind tester: the aprons' price, lead time and minimum overwrote the open bird-house draft, under its title;
    the apron offer was lost and publishing would have put a mixed-up offer live."""
    school = await _school(db, "Kauno mokykla", "LT", "Kaunas")
    houses = "Mokiniai gamina medinius paukščių inkilus, 12 eur uz vieneta, per savaite, nuo 5 vnt"
    aprons = "Siuvimo klases mokiniai siuva prijuostes su logotipu, 9 eur, per 10 dienu, minimalus kiekis 20"
    teacher = await _teacher(db, school, "Mokytoja", "lt", intents={houses: "post_offer"})
    await teacher.send(houses)
    await teacher.send(aprons)
    draft = (await _state(db, teacher))["draft"]
    assert draft["title"].startswith("Siuvimo") and draft["price_amount"] == "9.00" and draft["min_quantity"] == 20
    [kept] = await _listings(db)
    assert kept.title.startswith("Mokiniai gamina medinius") and kept.status == "draft"
    assert kept.price_amount == Decimal("12.00") and kept.min_quantity == 5


async def test_a_correction_at_the_draft_is_no_new_offer(db: async_sessionmaker[AsyncSession]) -> None:
    school = await _school(db, "Kauno mokykla", "LT", "Kaunas")
    teacher = await _teacher(db, school, "Mokytoja", "lt")
    await teacher.send(f"/offer {LT_OFFER}")
    await teacher.send("kaina 30 eur uz kg ir per 5 dienas")
    draft = (await _state(db, teacher))["draft"]
    assert draft["title"] == "Iškepti tortus gimtadieniams" and draft["lead_time_days"] == 5
    assert await _listings(db) == []


@pytest.mark.parametrize("said", ["paskelbti", "опубликовать", "Chcę dodać ofertę"])
async def test_a_bare_request_to_post_asks_for_the_offer(db: async_sessionmaker[AsyncSession], said: str) -> None:
    """ "paskelbti" and "опубликовать" made drafts titled «Paskelbti» and «Опубликовать»."""
    school = await _school(db, "Kauno mokykla", "LT", "Kaunas")
    teacher = await _teacher(db, school, "Mokytoja", "lt", intents={said: "post_offer"})
    asked = await teacher.send(said)
    assert "draft" not in await _state(db, teacher)
    assert "Aprašykite" in text_of(asked) or "Describe" in text_of(asked), text_of(asked)


async def test_the_posting_request_before_a_colon_is_no_title(db: async_sessionmaker[AsyncSession]) -> None:
    said = "Chcę dodać ofertę: pierniki świąteczne z logo firmy, cena 2 zł za sztukę, realizacja w tydzień"
    school = await _school(db, "Szkoła w Krakowie", "PL", "Kraków")
    teacher = await _teacher(db, school, "Nauczyciel", "pl", intents={said: "post_offer"})
    await teacher.send(said)
    assert (await _state(db, teacher))["draft"]["title"] == "Pierniki świąteczne z logo firmy"


async def test_a_teachers_offer_read_as_a_search_is_drafted(db: async_sessionmaker[AsyncSession]) -> None:
    """A long Russian offer with "нужно предупредить за пять дней" ran a search and the text was lost."""
    said = (
        "Здравствуйте! У нас группа поваров второго курса. Хотим предложить компаниям кейтеринг для небольших "
        "мероприятий: канапе, мини-пироги. Нужно предупредить за пять дней, минимум 15 гостей."
    )
    school = await _school(db, "Vilniaus mokykla", "LT", "Vilnius")
    teacher = await _teacher(db, school, "Учитель", "ru", intents={said: "search_offers"})
    await teacher.send(said)
    draft = (await _state(db, teacher))["draft"]
    assert (draft["lead_time_days"], draft["min_quantity"]) == (5, 15)
    assert draft["title"] != "Здравствуйте"


async def test_title_and_category_are_changed_in_words_at_the_draft(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "tytuł", "piekarnia" and "zmień kategorię na wypieki" at the draft card were ignored, and the
    draft was then published under its wrong title and category."""
    said = "Chcę dodać ofertę: pierniki świąteczne z logo firmy, cena 2 zł za sztukę, realizacja w tydzień"
    school = await _school(db, "Szkoła w Krakowie", "PL", "Kraków")
    teacher = await _teacher(db, school, "Nauczyciel", "pl", intents={said: "post_offer"})
    await teacher.send(said)
    await teacher.send("zmień kategorię na wypieki")
    assert (await _state(db, teacher))["draft"]["category"] == "bakery"
    await teacher.send("tytuł")
    assert (await _state(db, teacher))["step"] == "title"
    await teacher.send("Pierniki z logo")
    assert (await _state(db, teacher))["draft"]["title"] == "Pierniki z logo"


async def test_offer_in_portuguese_from_the_post_offer_intent(db: async_sessionmaker[AsyncSession]) -> None:
    school = await _school(db, "Escola Profissional do Porto", "PT", "Porto")
    teacher = await _teacher(db, school, "Professora", "pt", intents={PT_OFFER: "post_offer"})
    # Search ignores words that every listing has, so a catalogue of one cannot be found by its title.
    for title, category in (("Websites for shops", "web_design"), ("Car repair", "car_service")):
        await _publish(db, teacher, school, title, category)

    card = await teacher.send(PT_OFFER)

    draft = (await _state(db, teacher))["draft"]
    assert draft["title"] == "Pastéis de nata" and draft["category"] == "bakery"
    assert (draft["price_amount"], draft["price_currency"], draft["price_unit"]) == ("1.20", "EUR", "item")
    assert (draft["lead_time_days"], draft["min_quantity"], draft["delivers_to"]) == (3, 50, ["PT"])
    await teacher.press(teacher.button(card, "ofe", "price"))
    fixed = await teacher.send("1.50 eur")
    assert (await _state(db, teacher))["draft"]["price_amount"] == "1.50"
    await teacher.press(teacher.button(fixed, "ofp"))

    *_others, listing = await _listings(db)
    assert (listing.status, listing.title, listing.price_amount) == ("active", "Pastéis de nata", Decimal("1.50"))
    assert listing.language == "pt" and listing.delivers_to == ["PT"]
    found = await (await _company(db, "Café Lisboa", "pt")).send("pastéis de nata")
    assert "Pastéis de nata" in text_of(found)


@pytest.mark.parametrize(
    "typed",
    ["post this offer please: Wedding cakes, 30 eur per kg", "Chcę dodać ofertę: Wedding cakes, 30 eur per kg"],
)
async def test_a_request_to_post_is_no_part_of_the_description(
    db: async_sessionmaker[AsyncSession], typed: str
) -> None:
    """Blind tester N-F5 (session 18): the description customers read began "post this offer please:"."""
    school = await _school(db, "Riga VET", "LV", "Riga")
    teacher = await _teacher(db, school, "Teacher", "en")
    await teacher.send("/offer")
    await teacher.send(typed)
    draft = (await _state(db, teacher))["draft"]
    assert (draft["title"], draft["description"]) == ("Wedding cakes", "Wedding cakes, 30 eur per kg")


@pytest.mark.parametrize(
    "typed", ["the category is wrong, it should be catering", "kategorija neteisinga, turi būti maitinimas"]
)
async def test_a_category_correction_at_the_draft_sets_its_category(
    db: async_sessionmaker[AsyncSession], typed: str
) -> None:
    """Blind tester N-F3/N-F4 (session 18): "the category is wrong, it should be catering" at a cake draft saved the
    draft and began a second one titled "The category is wrong"."""
    school = await _school(db, "Riga VET", "LV", "Riga")
    teacher = await _teacher(db, school, "Teacher", "en")
    await teacher.send("/offer")
    await teacher.send("Birthday cakes for kids, chocolate or vanilla, 25 euro per kg")
    await teacher.send(typed)
    draft = (await _state(db, teacher))["draft"]
    assert (draft["title"], draft["category"]) == ("Birthday cakes for kids", "catering")
    async with db() as s:
        assert (await s.scalars(select(Listing))).all() == []


@pytest.mark.parametrize(
    ("typed", "unit"),
    [("al chilo", "kg"), ("zmień jednostkę na kilogram", "kg"), ("per hour", "hour"), ("за штуку", "item")],
)
async def test_a_unit_said_in_words_at_the_draft_is_its_price_unit(
    db: async_sessionmaker[AsyncSession], typed: str, unit: str
) -> None:
    """Blind tester N-F7 (session 18): "al chilo", "zmień jednostkę na kilogram" at a draft changed nothing."""
    school = await _school(db, "Riga VET", "LV", "Riga")
    teacher = await _teacher(db, school, "Teacher", "en")
    await teacher.send("/offer")
    await teacher.send("Wedding cakes with fresh fruit, 30 euro per person")
    await teacher.send(typed)
    draft = (await _state(db, teacher))["draft"]
    assert (draft["price_amount"], draft["price_unit"]) == ("30.00", unit)


async def test_a_category_said_against_another_at_the_draft_is_its_category(
    db: async_sessionmaker[AsyncSession],
) -> None:
    """ "no, it's catering not bakery", "non catering ma pasticceria" at a draft changed nothing (the category
    after "not" is the wrong one, the other the right one)."""
    school = await _school(db, "Riga VET", "LV", "Riga")
    teacher = await _teacher(db, school, "Teacher", "en")
    await teacher.send("/offer")
    await teacher.send("Birthday cakes for kids, chocolate or vanilla, 25 euro per kg")
    await teacher.send("no, it's catering not bakery")
    assert (await _state(db, teacher))["draft"]["category"] == "catering"
    await teacher.send("non catering ma pasticceria")
    draft = (await _state(db, teacher))["draft"]
    assert (draft["title"], draft["category"]) == ("Birthday cakes for kids", "bakery")


async def test_a_request_to_post_with_the_offer_after_a_colon_drafts_it(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester R-F9 (session 19): "I want to post an offer: birthday cakes" asked to describe the offer (the
    words were lost), and the price typed next became an offer titled "Price". The draft is made from the words
    after the colon, and the price, lead time and minimum typed next go on it."""
    school = await _school(db, "Riga VET", "LV", "Riga")
    teacher = await _teacher(db, school, "Teacher", "en")
    await teacher.send("I want to post an offer: birthday cakes")
    await teacher.send("price 30 euros per cake, lead time 5 days and minimum 2 cakes")
    draft = (await _state(db, teacher))["draft"]
    assert (draft["title"], draft["price_amount"], draft["price_unit"]) == ("Birthday cakes", "30.00", "item")
    assert (draft["lead_time_days"], draft["min_quantity"]) == (5, 2)


@pytest.mark.parametrize("typed", ["labi, pieņemam", "Niestety nie możemy przyjąć"])
async def test_an_answer_to_no_enquiry_is_no_offer(db: async_sessionmaker[AsyncSession], typed: str) -> None:
    """Blind tester Q-F8 (session 19): a teacher's "labi, pieņemam", "Niestety nie możemy przyjąć" with no enquiry
    open (read as posting an offer) became offer drafts titled with them; the enquiries are shown instead."""
    school = await _school(db, "Riga VET", "LV", "Riga")
    teacher = await _teacher(db, school, "Teacher", "lv")
    teacher.services = make_services(db, intents={typed: "post_offer"})
    await teacher.send(typed)
    state = await _state(db, teacher)
    assert state.get("draft") is None, state


@pytest.mark.parametrize("cancel", ["/cancel", "cancel", "atšaukti"])
async def test_cancel_at_a_drafts_question_goes_back_to_the_draft(
    db: async_sessionmaker[AsyncSession], cancel: str
) -> None:
    """Blind tester N-F12 (session 18): /cancel at "How many days…?" (a field of the draft) threw the whole draft
    away. It goes back to the draft, unchanged; /cancel at the draft itself still drops it."""
    school = await _school(db, "Riga VET", "LV", "Riga")
    teacher = await _teacher(db, school, "Teacher", "en")
    await teacher.send("/offer")
    card = await teacher.send("We offer: 3D printing of prototypes, 5 EUR per hour, within 5 days")
    await teacher.press(teacher.button(card, "ofe", "lead"))
    back = await teacher.send(cancel)
    assert teacher.buttons(back, "ofp"), text_of(back)
    draft = (await _state(db, teacher))["draft"]
    assert (draft["title"], draft["lead_time_days"]) == ("3D printing of prototypes", 5)
    picker = await teacher.press(teacher.button(back, "ofk", "0"))  # the category picker: the same
    assert teacher.buttons(await teacher.send(cancel), "ofp")
    assert picker
    await teacher.send("/cancel")
    assert (await _state(db, teacher)).get("draft") is None


async def test_offer_command_alone_asks_for_a_description_then_fields_by_buttons(
    db: async_sessionmaker[AsyncSession],
) -> None:
    school = await _school(db, "Riga VET", "LV", "Riga")
    teacher = await _teacher(db, school, "Teacher", "en")

    await teacher.send("/offer")
    assert (await _state(db, teacher))["step"] == "describe"
    card = await teacher.send("We offer: 3D printing of prototypes, 5 EUR per hour, within 5 days")
    draft = (await _state(db, teacher))["draft"]
    assert (draft["title"], draft["category"], draft["price_unit"], draft["lead_time_days"]) == (
        "3D printing of prototypes", "3d_printing", "hour", 5)  # fmt: skip

    # title: validated, then taken
    await teacher.press(teacher.button(card, "ofe", "title"))
    assert "120" in text_of(await teacher.send("x" * 121))
    card = await teacher.send("Prototypes <printed> & finished")
    assert (await _state(db, teacher))["draft"]["title"] == "Prototypes <printed> & finished"
    assert "Prototypes &lt;printed&gt; &amp; finished" in text_of(card)  # user text escaped
    # description: at most 2,000 characters
    await teacher.press(teacher.button(card, "ofe", "desc"))
    assert "2,000" in text_of(await teacher.send("y" * 2001))
    card = await teacher.send("PLA and PETG, up to 20 cm.")
    # price: zero and too much are refused
    await teacher.press(teacher.button(card, "ofe", "price"))
    for bad in ("0", "1000001", "abc"):
        assert "1,000,000" in text_of(await teacher.send(bad))
    card = await teacher.send("12")
    assert (await _state(db, teacher))["draft"]["price_amount"] == "12.00"
    # unit by button
    units = await teacher.press(teacher.button(card, "ofu"))
    card = await teacher.press(teacher.button(units, "ofn", "project"))
    assert (await _state(db, teacher))["draft"]["price_unit"] == "project"
    # category: suggestions, then "Other…" pages of every category
    picker = await teacher.press(teacher.button(card, "ofk", "0"))
    other = await teacher.press(teacher.button(picker, "ofk", "1"))
    assert len(teacher.buttons(other, "ofc")) == 8
    second = await teacher.press(teacher.button(other, "ofk", "2"))
    card = await teacher.press(teacher.buttons(second, "ofc")[0])
    chosen = (await _state(db, teacher))["draft"]["category"]
    assert chosen != "3d_printing"
    # delivers to: toggles
    countries = await teacher.press(teacher.button(card, "ofv"))
    toggled = await teacher.press(teacher.button(countries, "ofw", "LT"))
    assert (await _state(db, teacher))["draft"]["delivers_to"] == ["LV", "LT"]
    card = await teacher.press(teacher.button(toggled, "ofr"))

    await teacher.press(teacher.button(card, "ofd"))
    [listing] = await _listings(db)
    assert (listing.status, listing.title, listing.category, listing.price_unit) == (
        "draft", "Prototypes <printed> & finished", chosen, "project")  # fmt: skip
    assert listing.description == "PLA and PETG, up to 20 cm." and listing.delivers_to == ["LV", "LT"]


async def test_offer_without_title_or_category_asks_before_publishing(db: async_sessionmaker[AsyncSession]) -> None:
    school = await _school(db, "Riga VET", "LV", "Riga")
    teacher = await _teacher(db, school, "Teacher", "en")
    card = await teacher.send("/offer we offer, 25 eur")  # a price, nothing to name it by ("we offer" alone: describe)
    assert (await _state(db, teacher))["draft"]["title"] is None
    asked = await teacher.press(teacher.button(card, "ofp"))
    assert (await _state(db, teacher))["step"] == "title" and "title" in text_of(asked)
    card = await teacher.send("Wooden toys")
    picker = await teacher.press(teacher.button(card, "ofp"))  # no category yet: the picker
    assert teacher.buttons(picker, "ofc") and await _listings(db) == []


async def test_teacher_of_two_schools_chooses_which(db: async_sessionmaker[AsyncSession]) -> None:
    first = await _school(db, "Kaunas VET", "LT", "Kaunas")
    second = await _school(db, "Warsaw VET", "PL", "Warsaw")
    teacher = await _teacher(db, first, "Teacher", "en")
    await _join(db, teacher, second, "teacher")

    asked = await teacher.send("/offer We offer websites for 500 zł per project")
    assert [teacher.action(b).args for b in teacher.buttons(asked, "ofs")] == [(str(first.id),), (str(second.id),)]
    card = await teacher.press(teacher.button(asked, "ofs", second.id))
    assert (await _state(db, teacher))["draft"]["delivers_to"] == ["PL"]
    await teacher.press(teacher.button(card, "ofp"))
    [listing] = await _listings(db)
    assert (listing.organisation_id, listing.price_currency, listing.price_unit) == (second.id, "PLN", "project")


async def test_people_who_are_not_teachers_cannot_post(db: async_sessionmaker[AsyncSession]) -> None:
    school = await _school(db, "Kaunas VET", "LT", "Kaunas")
    student = _chat(db, "Student", "en")
    await _join(db, student, school, "student")
    company = await _company(db, "Cafe", "en")
    stranger = _chat(db, "Stranger", "en", intents={"we bake cakes for 5 eur": "post_offer"})

    for chat, text in ((student, "/offer we bake cakes"), (company, "/offer"), (stranger, "we bake cakes for 5 eur")):
        replies = await chat.send(text)
        assert "Only teachers of a school can post offers" in text_of(replies)
        assert "invite link" in text_of(replies)
        assert not chat.buttons(replies, "ofp")
    assert "Only teachers" in text_of(await student.send("/listings"))
    assert await _listings(db) == []


# --- managing listings --------------------------------------------------------------------------------------


async def _publish(db: async_sessionmaker[AsyncSession], chat: Chat, school: School, title: str,
                   category: str = "bakery") -> int:  # fmt: skip
    person = await person_by_telegram(db, chat.user_id)
    draft = ListingDraft(title=title, description="Tasty", category=category, language="en",
                         price_amount=Decimal("5"), price_currency="EUR", price_unit="item",
                         delivers_to=["LT"])  # fmt: skip
    async with transaction(db) as s:
        view = await create_listing(s, person, school.id, draft, publish=True)
    return view.id


async def test_listings_pause_resume_edit_archive(db: async_sessionmaker[AsyncSession]) -> None:
    school = await _school(db, "Kaunas VET", "LT", "Kaunas")
    teacher = await _teacher(db, school, "Teacher", "en")
    listing_id = await _publish(db, teacher, school, "Birthday cakes")

    listed = await teacher.send("/listings")
    assert "Birthday cakes" in text_of(listed) and "published" in text_of(listed)
    paused = await teacher.press(teacher.button(listed, "lp", listing_id))
    assert (await _listing(db, listing_id)).status == "paused" and "Paused" in text_of(paused)
    resumed = await teacher.press(teacher.button(paused, "lr", listing_id))
    assert (await _listing(db, listing_id)).status == "active"

    fields = await teacher.press(teacher.button(resumed, "le", listing_id))
    await teacher.press(teacher.button(fields, "lf", listing_id, "title"))
    await teacher.send("Wedding cakes")
    await teacher.press(teacher.button(fields, "lf", listing_id, "price"))
    assert "1,000,000" in text_of(await teacher.send("0"))
    await teacher.send("7,5")
    await teacher.press(teacher.button(fields, "lf", listing_id, "lead"))
    await teacher.send("per 2 savaites")
    await teacher.press(teacher.button(fields, "lf", listing_id, "desc"))
    card = await teacher.send("Three tiers, <b>fresh</b> cream")
    row = await _listing(db, listing_id)
    assert (row.title, row.price_amount, row.price_unit, row.lead_time_days) == (
        "Wedding cakes", Decimal("7.50"), "item", 14)  # fmt: skip
    assert row.description == "Three tiers, <b>fresh</b> cream" and "&lt;b&gt;fresh" in text_of(card)

    ask = await teacher.press(teacher.button(card, "la", listing_id))
    assert (await _listing(db, listing_id)).status == "active"  # asking is not archiving
    kept = await teacher.press(teacher.button(ask, "lo", listing_id))
    assert teacher.buttons(kept, "la")
    ask = await teacher.press(teacher.button(kept, "la", listing_id))
    archived = await teacher.press(teacher.button(ask, "lx", listing_id))
    assert (await _listing(db, listing_id)).status == "archived" and "archived" in text_of(archived)
    again = await teacher.press(teacher.button(ask, "lx", listing_id))  # a replayed confirmation
    assert "archived and cannot be changed" in text_of(again) and (await _listing(db, listing_id)).status == "archived"
    assert "no offers yet" in text_of(await teacher.send("/listings"))


async def test_listings_come_in_pages_of_five(db: async_sessionmaker[AsyncSession]) -> None:
    school = await _school(db, "Kaunas VET", "LT", "Kaunas")
    teacher = await _teacher(db, school, "Teacher", "en")
    ids = [await _publish(db, teacher, school, f"Offer {i}") for i in range(7)]
    first = await teacher.send("/listings")
    assert [teacher.action(b).args[0] for b in teacher.buttons(first, "lo")] == [str(i) for i in ids[:5]]
    assert "7 offers" in text_of(first)
    second = await teacher.press(teacher.button(first, "lg", 1))
    assert [teacher.action(b).args[0] for b in teacher.buttons(second, "lo")] == [str(i) for i in ids[5:]]
    assert second[0].edit


@pytest.mark.parametrize("more", ["daugiau", "next page", "ещё", "więcej"])
async def test_the_next_page_of_listings_in_words(db: async_sessionmaker[AsyncSession], more: str) -> None:
    """Blind tester: "daugiau" (the More ▶ button's word) at the teacher's list ran a product search."""
    school = await _school(db, "Kaunas VET", "LT", "Kaunas")
    teacher = await _teacher(db, school, "Teacher", "lt")
    ids = [await _publish(db, teacher, school, f"Offer {i}") for i in range(7)]
    await teacher.send("/listings")
    second = await teacher.send(more)
    assert [teacher.action(b).args[0] for b in teacher.buttons(second, "lo")] == [str(i) for i in ids[5:]]


@pytest.mark.parametrize("said", ["atidaryk zvakes", "redaguoti žvakes", "открой свечи"])
async def test_a_teacher_opens_an_own_offer_by_name(db: async_sessionmaker[AsyncSession], said: str) -> None:
    """Blind tester: "atidaryk zvakes" got a student's "you have no open tasks"; "redaguoti zvakes" a public search."""
    school = await _school(db, "Kaunas VET", "LT", "Kaunas")
    teacher = await _teacher(db, school, "Teacher", "lt")
    await _publish(db, teacher, school, "Websites for shops", "web_design")
    candles = await _publish(db, teacher, school, "Rankų darbo žvakės (свечи)", "crafts")
    card = await teacher.send(said)
    assert teacher.buttons(card, "le") and f"{candles}" in [
        teacher.action(b).args[0] for b in teacher.buttons(card, "le")
    ]


@pytest.mark.parametrize("yes", ["yes", "jā", "sim"])
async def test_archive_is_confirmed_by_a_typed_yes(db: async_sessionmaker[AsyncSession], yes: str) -> None:
    """Blind tester: "jā" / "yes" to "Archive …?" answered "OK." and the offer stayed."""
    school = await _school(db, "Kaunas VET", "LT", "Kaunas")
    teacher = await _teacher(db, school, "Teacher", "lv")
    listing_id = await _publish(db, teacher, school, "Pirāgi ar speķi")
    card = await teacher.press(teacher.button(await teacher.send("/listings"), "lo", listing_id))
    await teacher.press(teacher.button(card, "la", listing_id))
    await teacher.send(yes)
    assert (await _listing(db, listing_id)).status == "archived"


@pytest.mark.parametrize(("said", "field", "value"), [
    ("nomaini cenu uz 28 eiro", "price_amount", Decimal("28")),
    ("mainit nosaukumu uz Dzimsanas dienas tortes", "title", "Dzimsanas dienas tortes"),
    ("change the price to 30", "price_amount", Decimal("30")),
    # blind tester, session 13: a new draft titled "Cena" was started
    ("cena 120 eur", "price_amount", Decimal("120")),
    ("nosaukums lai ir \"Piparkūkas ar glazūru\"", "title", "Piparkūkas ar glazūru"),
])  # fmt: skip
async def test_an_open_offer_is_changed_in_words(db: async_sessionmaker[AsyncSession], said: str, field: str,
                                                 value: object) -> None:  # fmt: skip
    """Blind tester: "nomaini cenu uz 28 eiro" with the offer's card open ran a public search."""
    school = await _school(db, "Riga VET", "LV", "Riga")
    teacher = await _teacher(db, school, "Teacher", "lv")
    listing_id = await _publish(db, teacher, school, "Tortes")
    await teacher.press(teacher.button(await teacher.send("/listings"), "lo", listing_id))
    await teacher.send(said)
    assert getattr(await _listing(db, listing_id), field) == value


async def test_a_draft_field_is_changed_in_words(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "change the price to 350" at the draft card was ignored."""
    school = await _school(db, "Riga VET", "LV", "Riga")
    teacher = await _teacher(db, school, "Teacher", "en")
    await teacher.send("/offer We offer website development for small businesses, 300 euro per project, in 3 weeks")
    await teacher.send("change the price to 350")
    draft = (await _state(db, teacher))["draft"]
    assert (draft["price_amount"], draft["price_unit"]) == ("350.00", "project")


# --- orders and tasks ---------------------------------------------------------------------------------------


async def _order_world(db: async_sessionmaker[AsyncSession]) -> tuple[School, Chat, list[Chat], Chat, int]:
    """School with an English-speaking teacher, two students, a company, an active listing and an open enquiry."""
    school = await _school(db, "Kaunas VET", "LT", "Kaunas")
    teacher = await _teacher(db, school, "Teacher", "en")
    students = []
    for name in ("Ona", "Rūta"):
        student = _chat(db, name, "lt")
        await _join(db, student, school, "student")
        students.append(student)
    company = await _company(db, "Cafe Centras")
    listing_id = await _publish(db, teacher, school, "Birthday cakes")
    owner = await person_by_telegram(db, company.user_id)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, owner, listing_id, quantity=20, needed_by=None, message="")
    return school, teacher, students, company, enquiry.id


async def test_accept_add_two_tasks_assign_students_and_complete(db: async_sessionmaker[AsyncSession]) -> None:
    _, teacher, students, _, enquiry_id = await _order_world(db)
    ona, ruta = [await person_by_telegram(db, s.user_id) for s in students]

    opened = await teacher.press(teacher.button(await teacher.send("/enquiries"), "eo", enquiry_id))
    accepted = await teacher.press(teacher.button(opened, "ea", enquiry_id))
    async with transaction(db) as s:
        order_id = (await s.scalars(select(Order.id))).one()

    # first task: title → due date → both students
    await teacher.press(teacher.button(accepted, "ot", order_id))
    assert "1 to 200" in text_of(await teacher.send("z" * 201))
    await teacher.send("Bake 20 <cakes>")
    assert "did not understand" in text_of(await teacher.send("purple elephant"))
    assert "passed" in text_of(await teacher.send("2020-01-01"))
    picker = await teacher.send("in 3 days")
    assert "Ona" in text_of([Reply(b.label) for r in picker for row in r.buttons for b in row])
    assert "Choose at least one" in text_of(await teacher.press(teacher.button(picker, "oa")))
    picker = await teacher.press(teacher.button(picker, "og", ona.id))
    assert picker[0].edit and "☑ Ona" in [b.label for row in picker[0].buttons for b in row]
    picker = await teacher.press(teacher.button(picker, "og", ruta.id))
    done = await teacher.press(teacher.button(picker, "oa"))
    assert "Task added and 2 students notified" in text_of(done)

    # second task: no due date, one student
    await teacher.press(teacher.button(done, "ot", order_id))
    await teacher.send("Pack the boxes")
    picker = await teacher.press(teacher.button([teacher.received[-1]], "ods"))
    picker = await teacher.press(teacher.button(picker, "og", ruta.id))
    assert "Task added and 1 student notified" in text_of(await teacher.press(teacher.button(picker, "oa")))

    assigned = await outbox(db, "task_assigned")
    assert sorted(m.recipient_id for m in assigned) == sorted([ona.id, ruta.id, ruta.id])
    async with transaction(db) as s:
        tasks = list(await s.scalars(select(Task).where(Task.order_id == order_id).order_by(Task.id)))
    assert [t.title for t in tasks] == ["Bake 20 <cakes>", "Pack the boxes"]
    assert tasks[0].due_at is not None and tasks[0].due_at.hour == 12 and tasks[1].due_at is None

    listed = await teacher.send("/orders")
    assert "0/2 tasks done" in text_of(listed) and "Cafe Centras" in text_of(listed)
    view = await teacher.press(teacher.button(listed, "oo", order_id))
    assert "Bake 20 &lt;cakes&gt;" in text_of(view) and "Ona: new" in text_of(view) and "Rūta: new" in text_of(view)

    confirm = await teacher.press(teacher.button(view, "oc", order_id))
    assert "Note: 0 of 2 tasks are done" in text_of(confirm)
    async with transaction(db) as s:
        assert (await s.get(Order, order_id)).status == "in_progress"  # type: ignore[union-attr]
    completed = await teacher.press(teacher.button(confirm, "ocy", order_id))
    assert "completed" in text_of(completed) and not teacher.buttons(completed, "ot")
    async with transaction(db) as s:
        assert (await s.get(Order, order_id)).status == "completed"  # type: ignore[union-attr]
    completed_rows = await outbox(db, "order_completed")
    assert {m.recipient_id for m in completed_rows} >= {ona.id, ruta.id}


async def test_typing_one_students_full_name_assigns_only_that_student(db: async_sessionmaker[AsyncSession]) -> None:
    """Two students whose names share words ("Jonas Student A", "Jonas Student B"): typing one whole name gave the
    task to both (the first name was all that was compared), and "Student B" to nobody."""
    school = await _school(db, "Kaunas VET", "LT", "Kaunas")
    teacher = await _teacher(db, school, "Teacher", "en")
    for name in ("Jonas Student A", "Jonas Student B"):
        await _join(db, _chat(db, name, "lt"), school, "student")
    company = await _company(db, "Cafe Centras")
    listing_id = await _publish(db, teacher, school, "Birthday cakes")
    owner = await person_by_telegram(db, company.user_id)
    async with transaction(db) as s:
        enquiry = await enquiries.create_enquiry(s, owner, listing_id, quantity=20, needed_by=None, message="")
    opened = await teacher.press(teacher.button(await teacher.send("/enquiries"), "eo", enquiry.id))
    accepted = await teacher.press(teacher.button(opened, "ea", enquiry.id))
    async with transaction(db) as s:
        order_id = (await s.scalars(select(Order.id))).one()
    for typed, expected in (("Jonas Student A", "Jonas Student A"), ("student b", "Jonas Student B")):
        await teacher.press(teacher.button(accepted, "ot", order_id))
        await teacher.send(f"Bake for {expected}")
        await teacher.press(teacher.button([teacher.received[-1]], "ods"))
        done = await teacher.send(typed)
        assert "Task added and 1 student notified" in text_of(done), typed
    async with transaction(db) as s:
        query = (
            select(Task.title, Person.display_name)
            .join(TaskAssignment, TaskAssignment.task_id == Task.id)
            .join(Person, Person.id == TaskAssignment.student_id)
        )
        rows = sorted(tuple(row) for row in (await s.execute(query)).all())
    assert rows == [("Bake for Jonas Student A", "Jonas Student A"), ("Bake for Jonas Student B", "Jonas Student B")]


async def test_company_sees_progress_without_student_names(db: async_sessionmaker[AsyncSession]) -> None:
    _, teacher, students, company, enquiry_id = await _order_world(db)
    opened = await teacher.press(teacher.button(await teacher.send("/enquiries"), "eo", enquiry_id))
    accepted = await teacher.press(teacher.button(opened, "ea", enquiry_id))
    order_id = teacher.action(teacher.button(accepted, "ot")).arg_int(0)
    await teacher.press(teacher.button(accepted, "ot", order_id))
    await teacher.send("Bake")
    picker = await teacher.press(teacher.button([teacher.received[-1]], "ods"))
    ona = await person_by_telegram(db, students[0].user_id)
    await teacher.press(teacher.button(await teacher.press(teacher.button(picker, "og", ona.id)), "oa"))

    seen = await company.press(company.button(await company.send("/orders"), "oo", order_id))
    assert "0/1 task done" in text_of(seen) and "Ona" not in text_of(seen)
    assert not company.buttons(seen, "ot") and not company.buttons(seen, "oc")


# --- forged and replayed buttons ----------------------------------------------------------------------------


async def test_forged_teacher_buttons_are_refused_and_change_nothing(db: async_sessionmaker[AsyncSession]) -> None:
    school, teacher, students, _, enquiry_id = await _order_world(db)
    opened = await teacher.press(teacher.button(await teacher.send("/enquiries"), "eo", enquiry_id))
    accepted = await teacher.press(teacher.button(opened, "ea", enquiry_id))
    order_id = teacher.action(teacher.button(accepted, "ot")).arg_int(0)
    [listing] = await _listings(db)
    other_school = await _school(db, "Riga VET", "LV", "Riga")
    outsider = await _teacher(db, other_school, "Other teacher", "en")
    student = students[0]
    before = await snapshot(db)

    for chat in (student, outsider):
        for action, args in [
            ("ocy", (order_id,)), ("oc", (order_id,)), ("ot", (order_id,)), ("oo", (order_id,)),
            ("lp", (listing.id,)), ("lx", (listing.id,)), ("la", (listing.id,)), ("le", (listing.id,)),
            ("lf", (listing.id, "title")), ("lo", (listing.id,)), ("oa", ()), ("og", (1,)), ("ofp", ()),
        ]:  # fmt: skip
            replies = await chat.press(_forge(chat, action, *args))
            text = text_of(replies)
            assert any(
                phrase in text for phrase in ("not allowed", "Only teachers", "no longer valid", "Only members")
            ) or any(refusal in text for refusal in _refusals(chat.language)), (action, text)
            assert not chat.buttons(replies, "lx") and not chat.buttons(replies, "ocy"), action
        assert "Birthday cakes" not in text_of(await chat.send("/listings"))

    after = await snapshot(db)
    for table in before:
        if table != "conversation_states":  # refusals that need no rollback still save where the person is
            assert before[table] == after[table], table
    assert (await _listing(db, listing.id)).status == "active"
    async with transaction(db) as s:
        assert (await s.get(Order, order_id)).status == "in_progress"  # type: ignore[union-attr]
        assert (await s.get(Organisation, school.id)) is not None


async def test_easy_read_teacher_gets_at_most_three_buttons_per_message(db: async_sessionmaker[AsyncSession]) -> None:
    school = await _school(db, "Kaunas VET", "LT", "Kaunas")
    teacher = await _teacher(db, school, "Teacher", "en")
    await teacher.send("/easy")
    card = await teacher.send("/offer We offer birthday cakes, 25 EUR per kg, within 3 days")
    assert all(_count(r) <= 3 for r in card)
    assert [teacher.action(b).name for b in teacher.buttons(card, "ofp")] == ["ofp"]
    menu = await teacher.press(teacher.button(card, "ofm"))
    assert all(_count(r) <= 3 for r in menu) and len(menu) >= 3
    names = {teacher.action(b).name for r in menu for row in r.buttons for b in row}
    assert {"ofe", "ofk", "ofu", "ofv"} <= names


async def test_the_draft_corrected_in_plain_sentences(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "need 3 days notice" gave no lead time; "the title should be …" and "lead time is 3 days"
    changed nothing; "no wait, make the price 28 euro per kg" became a new offer titled "No wait" (Beauty services),
    which "ok publish it" published."""
    school = await _school(db, "Vilnius VET", "LT", "Vilnius")
    teacher = await _teacher(db, school, "Teacher", "en")
    await teacher.send(
        "/offer hi, our pastry students want to offer birthday cakes, chocolate or vanilla, about 25 euro per kilo, "
        "they can do orders of up to 5 kg and need 3 days notice"
    )
    assert (await _state(db, teacher))["draft"]["lead_time_days"] == 3
    await teacher.send("the title should be Birthday cakes, chocolate or vanilla")
    await teacher.send("lead time is 4 days")
    await teacher.send("no wait, make the price 28 euro per kg")
    draft = (await _state(db, teacher))["draft"]
    assert draft["title"] == "Birthday cakes, chocolate or vanilla" and draft["lead_time_days"] == 4
    assert (draft["price_amount"], draft["price_unit"], draft["category"]) == ("28.00", "kg", "bakery")
    assert await _listings(db) == []  # nothing set aside as another offer


@pytest.mark.parametrize(
    ("said", "status"),
    [
        ("pause the 3D printed souvenirs offer please", "paused"),
        ("delete the 3D printed souvenirs offer", "archived"),
        ("ištrink suvenyrų pasiūlymą", "archived"),
        # session 14: "noņem … piedāvājumu" started a new draft, "ritira l'offerta …" only listed the offers
        ("lūdzu noņem suvenīru piedāvājumu", "archived"),
        ("ritira l'offerta dei souvenirs", "archived"),
        ("withdraw the souvenirs offer", "archived"),
        ("сними предложение souvenirs", "archived"),
        ("zdejmij ofertę souvenirs", "archived"),
        ("archyvuok suvenyru pasiulyma", "archived"),  # it was searched for as a customer's need
        # session 17: hiding one's own offer is pausing it; "togli" removes; a long title is no longer too long
        ("nascondi l'offerta dei souvenirs", "paused"),
        ("ukryj ofertę souvenirs", "paused"),
        ("togli anche i souvenirs, non li facciamo più", "archived"),
        ("metti in pausa l'offerta 3D printed souvenirs (suvenyrai) per favore adesso", "paused"),
    ],
)
async def test_an_own_offer_paused_or_removed_by_name(
    db: async_sessionmaker[AsyncSession], said: str, status: str
) -> None:
    """Blind tester: "pause the 3D printed souvenirs offer please" and "delete the offer called …" only showed the
    list. Pausing is done at once (it is undone with ▶️ Resume); removing asks first ("yes" archives)."""
    school = await _school(db, "Kaunas VET", "LT", "Kaunas")
    teacher = await _teacher(db, school, "Teacher", "en")
    await _publish(db, teacher, school, "Websites for shops", "web_design")
    souvenirs = await _publish(db, teacher, school, "3D printed souvenirs (suvenyrai)", "crafts")
    await teacher.send("/menu")
    await teacher.send(said)
    if status == "archived":
        await teacher.send("yes")
    assert (await _listing(db, souvenirs)).status == status


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "actually no, publish it"),
        ("pl", "nie, jednak opublikuj"),
        ("ru", "нет, всё-таки публикуй"),
        ("lt", "ne, vis dėlto skelbk"),
        ("it", "no, anzi pubblica"),
        ("pt", "não, afinal publica"),
    ],
)
async def test_a_no_taken_back_at_the_draft_publishes(
    db: async_sessionmaker[AsyncSession], language: str, said: str
) -> None:
    """Blind tester: "actually no, publish it" at the draft card cancelled the draft (its "no" was read, the words
    after it that take the "no" back were not)."""
    school = await _school(db, "Vilnius VET", "LT", "Vilnius")
    teacher = await _teacher(db, school, "Teacher", language)
    await teacher.send("/offer Birthday cakes, 25 EUR per kg, within 3 days")
    await teacher.send(said)
    assert [listing.status for listing in await _listings(db)] == ["active"]


@pytest.mark.parametrize(
    ("language", "said", "price"),
    [
        ("lt", "ne, kaina turi buti 18 eur uz vieneta", "18.00"),
        ("pt", "não, o preço é 18 euros por unidade", "18.00"),
        ("ru", "нет, цена 18 евро за штуку", "18.00"),
        ("pl", "nie, cena to 18 euro za sztukę", "18.00"),
        ("en", "no, the price should be 18 eur per piece", "18.00"),
    ],
)
async def test_a_no_opening_a_correction_at_the_draft_corrects_it(
    db: async_sessionmaker[AsyncSession], language: str, said: str, price: str
) -> None:
    """Blind tester: "ne, kaina turi buti 18 eur uz vieneta" at the draft card discarded the whole draft ("Atšaukta.",
    in four languages): the "no" was read as ✖️ Cancel. A correction after it corrects; nothing is lost."""
    school = await _school(db, "Vilnius VET", "LT", "Vilnius")
    teacher = await _teacher(db, school, "Teacher", language)
    await teacher.send("/offer Birthday cakes, 15 EUR per piece, within 3 days")
    await teacher.send(said)
    state = await _state(db, teacher)
    draft = state["draft"]
    assert (state["step"], draft["price_amount"], draft["title"]) == ("review", price, "Birthday cakes")


@pytest.mark.parametrize(
    ("language", "said", "answer"),
    [
        ("pt", "Bom dia, sou professora de pastelaria.", "Olá! Em que posso ajudar?"),
        ("ru", "Здравствуйте, я преподаватель кулинарии", "Чем могу помочь?"),
        ("en", "I want to post a new offer", "Describe your offer in one message"),
        ("en", "I want to edit the birthday cakes offer", "Websites for shops"),
    ],
)
async def test_what_a_teacher_says_about_offering_is_no_offer_of_its_own(
    db: async_sessionmaker[AsyncSession], language: str, said: str, answer: str
) -> None:
    """Blind tester: "Bom dia, sou professora de pastelaria." became a draft titled so (and "publicar" published it);
    "I want to post a new offer" and "I want to edit the birthday cakes offer" became drafts titled so. A greeting
    is greeted, the request to post asks for the offer, an edit of an offer not found shows the school's offers."""
    school = await _school(db, "Porto VET", "PT", "Porto")
    teacher = await _teacher(db, school, "Teacher", language, intents={said: "post_offer"})
    await _publish(db, teacher, school, "Websites for shops", "web_design")
    replies = await teacher.send(said)
    assert answer in text_of(replies), text_of(replies)
    assert (await _state(db, teacher)).get("draft") is None


@pytest.mark.parametrize(
    ("language", "said", "answer"),
    [
        ("pl", "odpowiedz: Dzień dobry, tort możemy zrobić, jaki smak?", "Nie ma jeszcze żadnych zapytań."),
        ("ru", "ответить: да, можем сделать к пятнице", "Запросов пока нет."),
        ("ru", "измени название на Ремонт и обслуживание велосипедов", "Websites for shops"),
    ],
)
async def test_a_reply_or_a_change_with_nothing_open_is_no_new_offer(
    db: async_sessionmaker[AsyncSession], language: str, said: str, answer: str
) -> None:
    """Blind tester: "odpowiedz: Dzień dobry, …" with no enquiry became an offer draft titled «Dzień dobry» (later
    published), "измени название на …" with no draft an offer titled «Измени название на …»."""
    school = await _school(db, "Krakow VET", "PL", "Kraków")
    teacher = await _teacher(db, school, "Teacher", language, intents={said: "post_offer"})
    await _publish(db, teacher, school, "Websites for shops", "web_design")
    replies = await teacher.send(said)
    assert answer in text_of(replies), text_of(replies)
    assert (await _state(db, teacher)).get("draft") is None
    assert len(await _listings(db)) == 1


async def test_accepting_an_order_typed_at_the_draft_card_publishes_nothing(
    db: async_sessionmaker[AsyncSession],
) -> None:
    """Blind tester: "Tak, dostarczamy tylko w Krakowie. Akceptuję zamówienie." (meant for an enquiry) at an open
    draft card published the draft: the draft is kept as a draft, never published on those words."""
    school = await _school(db, "Krakow VET", "PL", "Kraków")
    teacher = await _teacher(db, school, "Teacher", "pl")
    await teacher.send("/offer Torty urodzinowe, 85 zł za kg, w 5 dni")
    await teacher.send("Tak, dostarczamy tylko w Krakowie. Akceptuję zamówienie.")
    assert [listing.status for listing in await _listings(db)] in ([], ["draft"])


@pytest.mark.parametrize(("said", "days"), [("change lead time to 1 week", 7), ("lead time: 2 months", 60)])
async def test_a_lead_time_in_weeks_or_months_is_counted_in_days(
    db: async_sessionmaker[AsyncSession], said: str, days: int
) -> None:
    """Blind tester: "change lead time to 1 week" was stored as "ready in 1 day" (and would have been published)."""
    school = await _school(db, "Vilnius VET", "LT", "Vilnius")
    teacher = await _teacher(db, school, "Teacher", "en")
    await teacher.send("/offer Birthday cakes, 15 EUR per piece, within 3 days")
    await teacher.send(said)
    assert (await _state(db, teacher))["draft"]["lead_time_days"] == days


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("ru", "сохрани как черновик"),
        ("lt", "issaugok kaip juodrasti"),
        ("pt", "guardar como rascunho"),
        ("en", "save it as a draft"),
    ],
)
async def test_save_as_draft_in_words_saves_the_draft(
    db: async_sessionmaker[AsyncSession], language: str, said: str
) -> None:
    """Blind tester: "сохрани как черновик" discarded the draft ("Отменено": "сохран" read as "keep it", a no), and
    "išsaugok kaip juodraštį", "guardar como rascunho" were not understood."""
    school = await _school(db, "Daugavpils VET", "LV", "Daugavpils")
    teacher = await _teacher(db, school, "Teacher", language)
    await teacher.send("/offer Bicycle repair, 15 EUR per hour, within 3 days")
    await teacher.send(said)
    assert [listing.status for listing in await _listings(db)] == ["draft"]


async def test_a_saved_draft_named_to_publish_is_published(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "pubblica la bozza della pasta fresca" after saving that draft began a new offer titled «Pubblica
    la bozza della pasta fresca», and a "sì" published it."""
    school = await _school(db, "Bologna VET", "IT", "Bologna")
    teacher = await _teacher(db, school, "Teacher", "it")
    await teacher.send("/offer pasta fresca fatta a mano, 26 euro al kg, pronta in 3 giorni")
    await teacher.send("salva come bozza")
    await teacher.send("pubblica la bozza della pasta fresca")
    assert [listing.status for listing in await _listings(db)] == ["active"]


async def test_a_bare_no_at_the_draft_asks_what_to_change_and_a_second_cancels(
    db: async_sessionmaker[AsyncSession],
) -> None:
    school = await _school(db, "Vilnius VET", "LT", "Vilnius")
    teacher = await _teacher(db, school, "Teacher", "lt")
    await teacher.send("/offer Birthday cakes, 15 EUR per piece, within 3 days")
    first = await teacher.send("ne")
    assert (await _state(db, teacher))["draft"]["title"] == "Birthday cakes", text_of(first)
    await teacher.send("ne")
    assert (await _state(db, teacher)).get("draft") is None
    assert await _listings(db) == []


@pytest.mark.parametrize(
    ("language", "said", "title"),
    [
        ("en", "Our pastry students want to offer birthday cakes, 20 eur per kg, ready in 3 days", "Birthday cakes"),
        ("it", "la nostra scuola propone torte di compleanno, 20 euro al kg", "Torte di compleanno"),
        ("ru", "Наши студенты хотят предложить вам торты на заказ, 20 евро за кг", "Торты на заказ"),
        ("pl", "Chcemy zaoferować catering na wesela, 30 zł za osobę", "Catering na wesela"),
        ("en", "3D printing for prototypes, offered at 5 eur per item", "3D printing for prototypes"),
    ],
)
async def test_a_chatty_opening_is_no_part_of_the_title(
    db: async_sessionmaker[AsyncSession], language: str, said: str, title: str
) -> None:
    """Blind tester: "Our pastry students want to offer birthday cakes" became the offer's title as it stood, and
    so did "we want to offer birthday cakes": buyers would read it in every search result."""
    school = await _school(db, "Vilnius VET", "LT", "Vilnius")
    teacher = await _teacher(db, school, "Teacher", language)
    await teacher.send(f"/offer {said}")
    assert (await _state(db, teacher))["draft"]["title"] == title


@pytest.mark.parametrize(("language", "said"), [("it", "pubblica"), ("en", "ok publish it"), ("ru", "опубликуй")])
async def test_publish_with_no_draft_open_says_so(
    db: async_sessionmaker[AsyncSession], language: str, said: str
) -> None:
    """Blind tester: "pubblica" with no draft open answered "OK.", and the teacher believed the offer published."""
    school = await _school(db, "Torino VET", "IT", "Torino")
    teacher = await _teacher(db, school, "Teacher", language, intents={said: "affirm"})
    replies = await teacher.send(said)
    assert "/listings" in text_of(replies) and await _listings(db) == []


@pytest.mark.parametrize(
    ("language", "said", "countries"),
    [
        ("lv", "var piegādāt arī uz Lietuvu", ["LV", "LT"]),
        ("lv", "lietuva ari", ["LV", "LT"]),
        ("pl", "tak, możemy wysłać też na Litwę", ["LV", "LT"]),
        ("en", "only Italy", ["IT"]),
    ],
)
async def test_countries_typed_at_the_draft_are_its_delivery_countries(
    db: async_sessionmaker[AsyncSession], language: str, said: str, countries: list[str]
) -> None:
    """Blind tester: "var piegādāt arī uz Lietuvu" (we can deliver to Lithuania too) at the draft card published the
    offer at once, with Latvia alone: "var" read as a yes. The countries are added (or set, "only …"), nothing is
    published until a yes."""
    school = await _school(db, "Riga VET", "LV", "Rīga")
    teacher = await _teacher(db, school, "Teacher", language)
    await teacher.send("/offer Birthday cakes, 25 EUR per kg, within 3 days")
    shown = await teacher.send(said)
    assert await _listings(db) == [], text_of(shown)
    assert teacher.buttons(shown, "ofp"), text_of(shown)
    await teacher.press(teacher.button(shown, "ofp"))
    assert [listing.delivers_to for listing in await _listings(db)] == [countries]


@pytest.mark.parametrize(
    ("said", "language"),
    [
        (
            "Hi there! I'm Sarah, I run a small marketing agency in Lisbon and we'd love some birthday cakes for 25 "
            "people",
            "en",
        ),
        ("tenho uma oficina em Braga e precisamos de bolos de aniversario para a equipa", "pt"),
    ],
)
async def test_someone_new_who_runs_a_business_and_reads_as_offering_is_searched_for(
    db: async_sessionmaker[AsyncSession], said: str, language: str
) -> None:
    """Blind tester: a newcomer's "I run a small marketing agency … we'd love some catering" was read as posting an
    offer (0.71) and she was told only teachers post offers; it is her need, searched."""
    school = await _school(db, "Vilnius VET", "LT", "Vilnius")
    await _publish(db, await _teacher(db, school, "Teacher", "en"), school, "Birthday cakes")
    chat = _chat(db, "Sarah", language, intents={said: "post_offer"})
    await chat.send("/start")
    replies = await chat.send(said)
    assert "Only teachers" not in text_of(replies) and chat.buttons(replies, "eq"), text_of(replies)


@pytest.mark.parametrize(
    ("said", "language"),
    [
        ("ola, sou a professora Ana. como ponho uma oferta nova?", "pt"),
        ("come faccio a mettere le nostre offerte?", "it"),
    ],
)
async def test_a_teacher_asking_how_to_post_an_offer_is_asked_to_describe_it(
    db: async_sessionmaker[AsyncSession], said: str, language: str
) -> None:
    """Blind tester: a teacher who had just joined asked "como ponho uma oferta nova?" and got an empty search."""
    school = await _school(db, "Lisboa VET", "PT", "Lisboa")
    teacher = await _teacher(db, school, "Ana", language)
    asked = await teacher.send(said)  # the model makes nothing of it (nlu_fallback): a search, before
    async with db() as s:
        state = await s.get(ConversationState, (await person_by_telegram(db, teacher.user_id)).id)
    assert state is not None and (state.flow, state.step) == ("offer", "describe"), text_of(asked)


@pytest.mark.parametrize(
    ("said", "language"), [("no aspetta, il prezzo è 26 euro", "it"), ("the price is 26 euro", "en")]
)
async def test_a_price_corrected_without_its_unit_keeps_the_unit(
    db: async_sessionmaker[AsyncSession], said: str, language: str
) -> None:
    """Blind tester: "no aspetta, il prezzo è 26 euro" at a draft of 28 € per kg published 26 € per piece."""
    school = await _school(db, "Bologna VET", "IT", "Bologna")
    teacher = await _teacher(db, school, "Teacher", language)
    await teacher.send("/offer Birthday cakes, 28 EUR per kg, within 3 days")
    shown = await teacher.send(said)
    await teacher.press(teacher.button(shown, "ofp"))
    (listing,) = await _listings(db)
    assert (listing.price_amount, listing.price_unit) == (Decimal("26"), "kg")


async def test_a_field_and_its_value_at_the_edit_menu_change_it(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: at "What do you want to change in «…»?" the teacher typed "cena 120 eur": a new draft "Cena"."""
    school = await _school(db, "Riga VET", "LV", "Riga")
    teacher = await _teacher(db, school, "Teacher", "lv")
    listing_id = await _publish(db, teacher, school, "Tortes")
    card = await teacher.press(teacher.button(await teacher.send("/listings"), "lo", listing_id))
    await teacher.press(teacher.button(card, "le", listing_id))
    await teacher.send("cena 120 eur")
    assert (await _listing(db, listing_id)).price_amount == Decimal("120")


@pytest.mark.parametrize(
    ("said", "field", "value"),
    [
        ("actually make it 25", "price_amount", "25.00"),
        ("tegul bus 18", "price_amount", "18.00"),
        ("20 euros per car, takes one day", "lead_time_days", 1),
    ],
)
async def test_a_few_words_at_the_draft_change_the_field_they_mean(
    db: async_sessionmaker[AsyncSession], said: str, field: str, value: object
) -> None:
    """Blind tester (session 15): "actually make it 25" at the draft card changed the category to Beauty ("make"
    read as make-up) and kept the price; "takes one day" was no lead time."""
    school = await _school(db, "Vilnius VET", "LT", "Vilnius")
    teacher = await _teacher(db, school, "Teacher", "en")
    await teacher.send("/offer Seasonal tyre change by our car mechanics students, 20 EUR per piece")
    await teacher.send(said)
    draft = (await _state(db, teacher))["draft"]
    assert draft[field] == value and draft["category"] == "car_service", draft


@pytest.mark.parametrize("question", ["how do customers find my offer, do I need photos?", "ar reikia nuotraukų?"])
async def test_a_question_at_the_draft_keeps_the_draft(db: async_sessionmaker[AsyncSession], question: str) -> None:
    """Blind tester (session 15): a question typed at the draft card saved the draft aside and began a second one
    titled with the question, in the photo category; the wrong one was published."""
    school = await _school(db, "Vilnius VET", "LT", "Vilnius")
    teacher = await _teacher(db, school, "Teacher", "en")
    await teacher.send("/offer Seasonal tyre change by our car mechanics students, 20 EUR per piece")
    answered = text_of(await teacher.send(question))
    draft = (await _state(db, teacher))["draft"]
    assert draft["title"].startswith("Seasonal tyre change") and draft["category"] == "car_service", draft
    assert "Companies find your offer" in answered and await _listings(db) == []


@pytest.mark.parametrize("said", ["post an offer", "dodaj ofertę", "добавь предложение"])
async def test_post_an_offer_asks_for_the_offer(db: async_sessionmaker[AsyncSession], said: str) -> None:
    """Blind tester (session 15): "post an offer" showed the school's listings."""
    school = await _school(db, "Vilnius VET", "LT", "Vilnius")
    teacher = await _teacher(db, school, "Teacher", "en", intents={said: "my_listings"})
    assert "Describe your offer in one message" in text_of(await teacher.send(said))


@pytest.mark.parametrize(
    ("language", "said", "title"),
    [("en", "change the price of the gingerbread to 4 euro", "Gingerbread cookies with logo"),
     ("pl", "zmień cenę pierników na 4 euro", "Pierniki firmowe z logo")],
)  # fmt: skip
async def test_a_price_change_naming_the_offer_changes_it(
    db: async_sessionmaker[AsyncSession], language: str, said: str, title: str
) -> None:
    """Blind tester (session 15): with no card open, "change the price of the gingerbread to 4 euro" was off-topic,
    and "zmień cenę pierników na 7 zł" showed the list; the offer its title names is changed."""
    school = await _school(db, "Vilnius VET", "LT", "Vilnius")
    teacher = await _teacher(db, school, "Teacher", language)
    cakes = await _publish(db, teacher, school, "Birthday cakes")
    gingerbread = await _publish(db, teacher, school, title)
    await teacher.send(said)
    assert (await _listing(db, gingerbread)).price_amount == Decimal("4.00")
    assert (await _listing(db, cakes)).price_amount == Decimal("5.00")


async def test_the_offer_named_is_changed_not_the_one_open(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester (session 16): with the website offer's card open, "pakeisk kompiuterių remonto kainą į 20 eur"
    put the price on the website offer (published), and the repair offer kept its own."""
    school = await _school(db, "Vilnius VET", "LT", "Vilnius")
    teacher = await _teacher(db, school, "Teacher", "en")
    cakes = await _publish(db, teacher, school, "Birthday cakes")
    gingerbread = await _publish(db, teacher, school, "Gingerbread cookies with logo")
    listed = await teacher.send("/listings")
    await teacher.press(teacher.button(listed, "lo", cakes))  # the cakes' card is open
    await teacher.send("change the price of the gingerbread to 4 euro")
    assert (await _listing(db, gingerbread)).price_amount == Decimal("4.00")
    assert (await _listing(db, cakes)).price_amount == Decimal("5.00")
    await teacher.send("change the price to 6 euro")  # no offer named: the one open (now the gingerbread's card)
    assert (await _listing(db, gingerbread)).price_amount == Decimal("6.00")


@pytest.mark.parametrize(
    "said",
    ["change the price to 30 euro and the lead time to 5 days",
     "nomaini cenu uz 30 eiro un izpildes laiku uz 5 dienām"],
)  # fmt: skip
async def test_two_fields_changed_in_one_sentence_are_both_saved(
    db: async_sessionmaker[AsyncSession], said: str
) -> None:
    """Blind tester R-F8 (session 19): "… cenu uz 5 eiro un izpildes laiku uz 10 dienām" saved the price, said
    "Saved", and kept the lead time."""
    school = await _school(db, "Riga VET", "LV", "Riga")
    teacher = await _teacher(db, school, "Teacher", "en")
    cakes = await _publish(db, teacher, school, "Birthday cakes")
    await teacher.press(teacher.button(await teacher.send("/listings"), "lo", cakes))
    await teacher.send(said)
    stored = await _listing(db, cakes)
    assert (stored.price_amount, stored.lead_time_days) == (Decimal("30.00"), 5)


async def test_an_offer_named_by_a_word_of_two_titles_asks_which(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester R-F11 (session 19): "sustabdyk logotipo pasiūlymą" with two logo offers showed the list and did
    nothing, and the teacher believed it paused. Which one is asked; the answer pauses it."""
    school = await _school(db, "Vilnius VET", "LT", "Vilnius")
    teacher = await _teacher(db, school, "Teacher", "en")
    first = await _publish(db, teacher, school, "Logo design for small shops")
    second = await _publish(db, teacher, school, "Keychains with your logo")
    asked = await teacher.send("pause the logo offer")
    assert len(teacher.buttons(asked, "lp")) == 2, text_of(asked)
    await teacher.send("2")
    statuses = {(await _listing(db, first)).status, (await _listing(db, second)).status}
    assert statuses == {"active", "paused"}


async def test_pause_offer_number_two_pauses_the_second(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester (session 15): "pause offer number 2" showed the list again."""
    school = await _school(db, "Vilnius VET", "LT", "Vilnius")
    teacher = await _teacher(db, school, "Teacher", "en")
    first = await _publish(db, teacher, school, "Birthday cakes")
    second = await _publish(db, teacher, school, "Gingerbread cookies with logo")
    await teacher.send("/listings")
    await teacher.send("pause offer number 2")
    assert ((await _listing(db, first)).status, (await _listing(db, second)).status) == ("active", "paused")


async def test_an_offer_named_by_its_number_is_the_one_acted_on(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester (session 18): with the first offer's card open, "archive offer 2" asked to archive the open
    one (the tester said yes: the wrong offer was archived), and "change the price of offer 2 to 7 euro" priced it;
    "archive offer 5" of two archived the open one too. Now the number is the /listings number, and one past the
    list says how many there are."""
    school = await _school(db, "Vilnius VET", "LT", "Vilnius")
    teacher = await _teacher(db, school, "Teacher", "en")
    first = await _publish(db, teacher, school, "Birthday cakes")
    second = await _publish(db, teacher, school, "Gingerbread cookies with logo")
    listed = await teacher.send("/listings")
    await teacher.press(teacher.button(listed, "lo", first))  # the first offer's card is open
    await teacher.send("change the price of offer 2 to 7 euro")
    assert (await _listing(db, second)).price_amount == Decimal("7.00")
    assert (await _listing(db, first)).price_amount == Decimal("5.00")
    listed = await teacher.send("/listings")
    await teacher.press(teacher.button(listed, "lo", first))
    none = await teacher.send("archive offer 5")
    assert "There is no offer number 5" in text_of(none), text_of(none)
    await teacher.send("yes")
    assert ((await _listing(db, first)).status, (await _listing(db, second)).status) == ("active", "active")
    await teacher.press(teacher.button(await teacher.send("/listings"), "lo", first))
    await teacher.send("archive offer 2")
    await teacher.send("yes")
    assert ((await _listing(db, first)).status, (await _listing(db, second)).status) == ("active", "archived")


async def test_pause_and_a_number_under_listings_pauses_that_one_on_any_page(
    db: async_sessionmaker[AsyncSession],
) -> None:
    """Blind tester R-F10 (session 19): "pristabdyk 7" under /listings (the 7th on its second page) searched for
    offers."""
    school = await _school(db, "Vilnius VET", "LT", "Vilnius")
    teacher = await _teacher(db, school, "Teacher", "lt")
    ids = [await _publish(db, teacher, school, f"Offer number {n} of many") for n in range(1, 8)]
    await teacher.send("/listings")
    await teacher.send("pristabdyk 7")
    statuses = [(await _listing(db, i)).status for i in ids]
    assert statuses.count("paused") == 1, statuses


@pytest.mark.parametrize(
    ("said", "field", "value"),
    [("įvykdymo laikas 5 dienos", "lead_time_days", 5), ("ivykdymo laikas 5 dienos", "lead_time_days", 5),
     ("mažiausias užsakymas 2 kg", "min_quantity", 2),
     ("aprasyme palik tik: Kepame tortus pagal jusu pageidavimus", "description",
      "Kepame tortus pagal jusu pageidavimus")],
)  # fmt: skip
async def test_a_lithuanian_draft_field_is_set_and_the_price_kept(
    db: async_sessionmaker[AsyncSession], said: str, field: str, value: object
) -> None:
    """Blind tester (session 16): "įvykdymo laikas 5 dienos" and "mažiausias užsakymas 2 kg" set the price to 5 € and
    2 €; "aprašyme palik tik: …" (leave only … in the description) cancelled the whole draft."""
    school = await _school(db, "Vilnius VET", "LT", "Vilnius")
    teacher = await _teacher(db, school, "Teacher", "lt")
    await teacher.send("/offer Gimtadienio tortai pagal užsakymą. Kaina 25 € už kg")
    await teacher.send(said)
    draft = (await _state(db, teacher))["draft"]
    assert draft[field] == value and draft["price_amount"] == "25.00", draft


async def test_the_offer_just_published_is_changed_and_hidden_in_words(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: right after publishing, "izmaini cenu uz 250 eur" ran a public search and "paslēp šo
    piedāvājumu" got "only coordinators can do this"; the card now keeps ✏️ and ⏸, and the words act on it."""
    school = await _school(db, "Riga VET", "LV", "Riga")
    teacher = await _teacher(db, school, "Teacher", "lv")
    await teacher.send("/offer Mājaslapu izstrāde mazajiem uzņēmumiem, 300 eiro par projektu, izpilde 3 nedēļas")
    await teacher.send("publicēt")
    await teacher.send("izmaini cenu uz 250 eur")
    await teacher.send("paslēp šo piedāvājumu")
    async with db() as s:
        listing = (await s.scalars(select(Listing))).one()
    assert (listing.price_amount, listing.status) == (Decimal("250.00"), "paused")


async def test_a_drafts_words_add_a_photo_describe_it_and_label_a_field(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "aggiungo una foto" changed the draft's category to photography; "opis: …" set the draft aside
    for a new one without price; a description typed as its own sentence was dropped."""
    school = await _school(db, "Kaunas VET", "LT", "Kaunas")
    teacher = await _teacher(db, school, "Teacher", "en")
    await teacher.send("/offer Birthday cakes, 25 EUR per kg, within 3 days")
    asked = text_of(await teacher.send("I'll add a photo"))
    assert "photo" in asked.casefold(), asked
    await teacher.send("done")
    described = text_of(await teacher.send("Sponge cakes with cream, baked by our pastry students the day before"))
    assert "\nSponge cakes with cream" in described, described  # after what the first message said
    await teacher.send("description: Chocolate or vanilla sponge, with an inscription of your choice")
    await teacher.send("publish")
    listing = (await _listings(db))[0]
    assert (listing.category, listing.status) == ("bakery", "active"), listing.category
    assert listing.description == "Chocolate or vanilla sponge, with an inscription of your choice"
    assert listing.price_amount == Decimal("25.00")


@pytest.mark.parametrize(("said", "status"), [("paslepk si pasiulyma", "draft"), ("skelbti", "active")])
async def test_lithuanian_words_at_a_draft_keep_or_publish_it(
    db: async_sessionmaker[AsyncSession], said: str, status: str
) -> None:
    """Blind tester: "paslepk si pasiulyma" (hide this offer) at a draft PUBLISHED it ("si", this, read as a yes);
    "skelbti" (publish) was not understood; "pridėti nuotrauką" made the cake offer a photography one."""
    school = await _school(db, "Vilnius VET", "LT", "Vilnius")
    teacher = await _teacher(db, school, "Teacher", "lt")
    await teacher.send("Musu mokiniai kepa sakotis, 30 eur uz kg, per 5 dienas, nuo 1 kg.")
    asked = text_of(await teacher.send("pridėti nuotrauką"))
    assert "nuotrauk" in asked.casefold(), asked
    await teacher.send("baigta")
    await teacher.send(said)
    listing = (await _listings(db))[0]
    assert (listing.status, listing.category) == (status, "bakery")


async def test_a_span_alone_at_the_draft_is_its_lead_time_not_its_price(db: async_sessionmaker[AsyncSession]) -> None:
    """Blind tester: "3 dienos" after the price replaced the 12 € price with 3 €."""
    school = await _school(db, "Vilnius VET", "LT", "Vilnius")
    teacher = await _teacher(db, school, "Teacher", "lt")
    await teacher.send("/offer Šakotis šventėms, 12 eur už kg")
    await teacher.send("3 dienos")
    await teacher.send("skelbti")
    listing = (await _listings(db))[0]
    assert (listing.price_amount, listing.lead_time_days) == (Decimal("12.00"), 3)
