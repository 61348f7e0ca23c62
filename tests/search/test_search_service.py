"""SearchService behaviour: filters, browsing, pages, suggestions, freshness, bad input."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import import_catalogue
from domain.db import transaction
from domain.models import Listing, Organisation
from domain.search.money import within
from domain.search.normalise import joined_compounds
from domain.search.ranking import BUDGET_BONUS
from domain.search.service import SearchQuery, SearchService, looks_around
from domain.taxonomy import load_taxonomy
from domain.timeutil import utcnow

Factory = async_sessionmaker[AsyncSession]


async def _search(factory: Factory, service: SearchService, query: SearchQuery) -> list[str]:
    async with factory() as session:
        return [hit.slug for hit in (await service.search(session, query)).hits]


async def test_hit_carries_what_the_bot_shows(demo: Factory) -> None:
    async with demo() as session:
        page = await SearchService(refresh_interval=0).search(session, SearchQuery("pastéis de nata", language="pt"))
    hit = page.hits[0]
    assert hit.slug == "epht-pasteis-de-nata"
    assert (hit.country, hit.city, hit.category, hit.language) == ("PT", "Porto", "bakery", "pt")
    assert hit.price_amount == Decimal("0.90") and hit.price_currency == "EUR" and hit.price_unit == "item"
    assert hit.organisation_name and hit.organisation_slug
    assert 0 < hit.score <= 100
    assert [h.score for h in page.hits] == sorted((h.score for h in page.hits), reverse=True)


async def test_full_matches_are_ordered_by_title_and_language(demo: Factory) -> None:
    """Scores are capped at 100; the order among full matches still follows the title and the query's language."""
    service = SearchService(refresh_interval=0)
    query = SearchQuery("preciso de um bolo de aniversario para 30 pessoas", language="pt")
    async with demo() as session:
        hits = (await service.search(session, query)).hits
    assert hits[0].slug == "epht-bolos-aniversario" and hits[0].score == 100 >= hits[1].score


@pytest.mark.parametrize(
    ("text", "language", "category"),
    [
        ("we need a logo", "en", "graphic_design"),  # not the gingerbread "with your logo"
        ("allora qualcuno che fa siti web", "it", "web_design"),  # "fa", "allora": no need of their own
        ("quero alguem para fazer o site da padaria", "pt", "web_design"),  # the site, for the bakery
        ("ktoś zrobi stronę internetową", "pl", "web_design"),
    ],
)
async def test_the_thing_asked_for_comes_first(demo: Factory, text: str, language: str, category: str) -> None:
    async with demo() as session:
        hits = (await SearchService(refresh_interval=0).search(session, SearchQuery(text, language=language))).hits
    assert hits and hits[0].category == category, [(h.title, h.score) for h in hits]


async def test_a_one_letter_preposition_ends_the_need(demo: Factory) -> None:
    """ "настроить компьютеры в офисе": computers are asked for (set up, in an office), found in Lithuanian too."""
    query = SearchQuery("нужно настроить компьютеры в офисе", language="ru", country="LT")
    async with demo() as session:
        hits = (await SearchService(refresh_interval=0).search(session, query)).hits
    assert hits and hits[0].category == "it_support" and hits[0].language == "lt"


async def test_empty_text_with_a_category_lists_the_category(demo: Factory) -> None:
    service = SearchService(refresh_interval=0)
    async with demo() as session:
        first = await service.search(session, SearchQuery("", category="bakery"))
        second = await service.search(session, SearchQuery("", category="bakery", page=1))
        total = len((await session.scalars(select(Listing.id).where(Listing.category == "bakery"))).all())
    assert first.total == total and len(first.hits) == 5
    assert {h.category for h in first.hits + second.hits} == {"bakery"}
    assert not {h.slug for h in first.hits} & {h.slug for h in second.hits}


async def test_filters(demo: Factory) -> None:
    service = SearchService(refresh_interval=0)
    async with demo() as session:
        cheap = await service.search(session, SearchQuery("website", max_price=Decimal("300"), page_size=50))
        to_estonia = await service.search(session, SearchQuery("website", delivers_to="EE", page_size=50))
        in_kaunas = await service.search(session, SearchQuery("catering", city="Kaune", page_size=50))
        italian = await service.search(session, SearchQuery("catering", country="IT", page_size=50))
    assert cheap.hits and all(
        h.price_amount is None or within(_amount(h.price_amount), h.price_currency, 300, "EUR") for h in cheap.hits
    )
    assert to_estonia.hits and all(h.country in ("LT", "LV") for h in to_estonia.hits)
    assert in_kaunas.hits and {h.city for h in in_kaunas.hits} == {"Kaunas"}
    assert italian.hits and {h.country for h in italian.hits} == {"IT"}


def _amount(amount: Decimal | None) -> float | None:
    return float(amount) if amount is not None else None


async def test_max_price_compares_currencies(demo: Factory) -> None:
    """Cakes at 85 PLN/kg (about 20 EUR) are within 50 EUR; none at 22 EUR/kg is within 50 PLN (about 12 EUR)."""
    service = SearchService(refresh_interval=0)
    for max_in_process in (250_000, 0):
        service.max_in_process = max_in_process
        async with demo() as session:
            await service.refresh(session, force=True)
            if max_in_process == 0 and not service.use_prefilter:
                continue  # SQLite: the prefilter exists only on PostgreSQL
            found = {}
            for limit, currency in ((Decimal(50), "EUR"), (Decimal(50), "PLN"), (Decimal(1000), "PLN")):
                query = SearchQuery("torty", max_price=limit, max_price_currency=currency, page_size=50)
                found[currency, limit] = {h.slug: h for h in (await service.search(session, query)).hits}
        prices = {slug: (h.price_amount, h.price_currency) for page in found.values() for slug, h in page.items()}
        for (currency, limit), hits in found.items():
            assert all(within(_amount(h.price_amount), h.price_currency, float(limit), currency) for h in hits.values())
        assert any(c == "PLN" for _a, c in prices.values()) and any(c == "EUR" for _a, c in prices.values())
        assert {"zsgh-torty-okolicznosciowe", "kmtsc-tortai-gimtadieniams"} <= set(found["EUR", Decimal(50)])
        assert not {"zsgh-torty-okolicznosciowe", "kmtsc-tortai-gimtadieniams"} & set(found["PLN", Decimal(50)])
        assert {"zsgh-torty-okolicznosciowe", "kmtsc-tortai-gimtadieniams"} <= set(found["PLN", Decimal(1000)])


async def test_a_price_cap_never_turns_a_need_into_a_look_alike(demo: Factory) -> None:
    """ "reikia svetainės" (a website) up to 100 EUR: no website is that cheap, and a haircut with "šventinės"
    (festive) hairstyles, two letters from "svetainės", is not one — a word the listings use in another form
    ("svetainių") is that word, never a typo of a look-alike."""
    service = SearchService(refresh_interval=0)
    async with demo() as session:
        unfiltered = await service.search(session, SearchQuery("reikia svetainės", language="lt"))
        capped = await service.search(session, SearchQuery("reikia svetainės", language="lt", max_price=Decimal(100)))
    assert unfiltered.hits and all(h.category == unfiltered.hits[0].category for h in unfiltered.hits)
    assert capped.hits == []


async def test_a_budget_keeps_a_price_on_request_after_the_priced_matches(demo: Factory) -> None:
    """ "a website up to 300 EUR": a school that quotes per project (no price) may well be within it; hiding it
    left a budget search with nothing where the unbudgeted one found the right offer. Among equal matches the
    priced ones come first (the budget's bonus)."""
    async with transaction(demo) as session:
        await session.execute(
            update(Listing)
            .where(Listing.slug == "dtst-sajty-pod-klyuch")
            .values(price_amount=None, price_currency=None, price_unit=None, updated_at=utcnow())
        )
    service = SearchService(refresh_interval=0)
    async with demo() as session:
        cheap = await service.search(session, SearchQuery("website", max_price=Decimal("300"), page_size=50))
    slugs = [h.slug for h in cheap.hits]
    assert "dtst-sajty-pod-klyuch" in slugs
    priced = [h for h in cheap.hits if h.price_amount is not None]
    assert priced and all(within(_amount(h.price_amount), h.price_currency, 300, "EUR") for h in priced)


async def test_pages_of_five(demo: Factory) -> None:
    service = SearchService(refresh_interval=0)
    async with demo() as session:
        pages = [await service.search(session, SearchQuery("catering", page=n)) for n in range(4)]
    assert pages[0].total > 5 and len(pages[0].hits) == 5
    seen = [h.slug for page in pages for h in page.hits]
    assert len(seen) == len(set(seen)) == pages[0].total


async def test_nothing_matches_gives_suggestions_not_junk(demo: Factory) -> None:
    async with demo() as session:
        page = await SearchService(refresh_interval=0).search(session, SearchQuery("helicopter rental"))
        near = await SearchService(refresh_interval=0).search(session, SearchQuery("nuclear cakez"))
    assert page.hits == [] and page.total == 0
    assert all(isinstance(key, str) for key in page.suggestions)
    assert near.hits == [] or near.hits[0].category == "bakery"


async def test_index_follows_database_changes(demo: Factory) -> None:
    service = SearchService(refresh_interval=0)
    assert "epht-pasteis-de-nata" in await _search(demo, service, SearchQuery("pasteis de nata"))
    async with transaction(demo) as session:
        await session.execute(
            update(Listing).where(Listing.slug == "epht-pasteis-de-nata").values(status="paused", updated_at=utcnow())
        )
        await session.execute(
            update(Listing)
            .where(Listing.slug == "ipag-pasta-fresca")
            .values(title="Gelato artigianale al pistacchio", updated_at=utcnow())
        )
    assert "epht-pasteis-de-nata" not in await _search(demo, service, SearchQuery("pasteis de nata"))
    assert (await _search(demo, service, SearchQuery("gelato pistacchio")))[:1] == ["ipag-pasta-fresca"]
    assert service.index.size == 156  # updated in place, not rebuilt
    async with transaction(demo) as session:
        await session.execute(delete(Listing).where(Listing.slug == "ipag-pasta-fresca"))
    assert "ipag-pasta-fresca" not in await _search(demo, service, SearchQuery("gelato pistacchio"))


async def test_a_school_that_moves_is_found_in_its_new_city(demo: Factory) -> None:
    """City and country live on the organisation: editing them must make every replica's index stale."""
    service = SearchService(refresh_interval=0)
    query = SearchQuery("pasteis de nata", city="Coimbra", page_size=50)
    assert "epht-pasteis-de-nata" not in await _search(demo, service, query)
    async with demo() as session:
        org_id = await session.scalar(select(Listing.organisation_id).where(Listing.slug == "epht-pasteis-de-nata"))
    async with transaction(demo) as session:
        organisation = await session.get(Organisation, org_id)
        assert organisation is not None
        organisation.city = "Coimbra"  # an ORM edit: updated_at moves by itself (onupdate)
    assert "epht-pasteis-de-nata" in await _search(demo, service, query)
    async with transaction(demo) as session:
        await session.execute(
            update(Organisation).where(Organisation.id == org_id).values(country="ES", updated_at=utcnow())
        )
    assert "epht-pasteis-de-nata" in await _search(demo, service, SearchQuery("pasteis de nata", country="ES"))


async def test_catalogue_import_moves_organisation_updated_at(demo: Factory) -> None:
    from domain.catalogue import import_catalogue
    from domain.taxonomy import load_taxonomy
    from tests.search.quality import CATALOGUE_PATH

    async with demo() as session:
        before = await session.scalar(select(Organisation.updated_at).where(Organisation.city == "Porto").limit(1))
    moved = CATALOGUE_PATH.read_text(encoding="utf-8").replace("city: Porto", "city: Braga")
    report = await import_catalogue(demo, moved.encode(), load_taxonomy())
    assert report.ok and report.organisations_updated >= 1
    async with demo() as session:
        after = await session.scalar(select(func.max(Organisation.updated_at)).where(Organisation.city == "Braga"))
    assert before is not None and after is not None and after > before


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "?!.,;:-—()[]{}",
        "%",
        "_",
        "'",
        "%%% ___ ''' \\ \\\\",
        "tort'; DROP TABLE listings; --",
        "100% cotton_bags 'logo'",
        "🎂🎂 🍰 торт 🎉",
        "a" * 5000,
        ("website design catering cakes " * 200)[:5000],
        "ąčęėįšųūž " * 500,
        "\x00\x01 tort \u200b\ufeff",
    ],
)
async def test_bad_input_is_fast_and_harmless(demo: Factory, text: str) -> None:
    service = SearchService(refresh_interval=0)
    for max_in_process in (250_000, 0):
        service.max_in_process = max_in_process
        timings = []
        async with demo() as session:
            await service.refresh(session, force=True)
            for _attempt in range(3):  # best of three: other processes share this machine
                started = time.perf_counter()
                page = await service.search(session, SearchQuery(text, category=None))
                timings.append(time.perf_counter() - started)
        assert min(timings) < 0.2, f"{min(timings) * 1000:.0f} ms for {text[:40]!r}"
        assert page.total >= len(page.hits)
        if not text.strip(" ?!.,;:-—()[]{}%_'\\"):
            assert page.hits == []


@pytest.mark.parametrize(
    ("need", "cap_words"),
    [("birthday cakes", "under {cap} euro"), ("tortai gimtadieniui", "iki {cap} eurų"), ("торты", "до {cap} евро")],
)
async def test_a_ceiling_in_the_words_puts_what_fits_first_and_hides_nothing(
    demo: Factory, need: str, cap_words: str
) -> None:
    """A caller that passes only the text (the CLI, a message the NLU did not parse) still sees the listings
    within the budget it names first; the others stay listed, since a chat budget may be the total."""
    service = SearchService(refresh_interval=0)
    async with demo() as session:
        plain = await service.search(session, SearchQuery(need, page_size=20))
        best = [h for h in plain.hits if h.score > plain.hits[0].score - BUDGET_BONUS and h.price_currency == "EUR"]
        prices = sorted({h.price_amount for h in best if h.price_amount is not None})
        assert len(prices) >= 2, "the demo catalogue has equally good cakes at several prices"
        cap = prices[0]
        capped = await service.search(session, SearchQuery(f"{need} {cap_words.format(cap=cap)}", page_size=20))
    assert capped.total == plain.total
    first = capped.hits[0]
    assert first.price_amount is not None and within(float(first.price_amount), first.price_currency, float(cap), "EUR")
    assert plain.hits[0].price_amount != cap or plain.hits[0].slug == first.slug


@pytest.mark.parametrize(
    ("latin", "cyrillic", "language"),
    [
        ("nuzhny torty na den rozhdeniya", "нужны торты на день рождения", "ru"),
        ("nuzhen sait dlya nashei kompanii", "нужен сайт для нашей компании", None),
        ("nuzhen sait dlia nashei firmy", "нужен сайт для нашей фирмы", None),  # "ia" for я, as unidecode writes
    ],
)
async def test_russian_typed_in_latin_letters_finds_what_the_cyrillic_finds(
    demo: Factory, latin: str, cyrillic: str, language: str | None
) -> None:
    """People without a Cyrillic keyboard type Russian in Latin letters; the CLI and any caller passing only the
    text get the listings the Cyrillic words find (said to be Russian, or full of everyday Russian words)."""
    service = SearchService(refresh_interval=0)
    async with demo() as session:
        typed = await service.search(session, SearchQuery(latin, language=language))
        written = await service.search(session, SearchQuery(cyrillic, language="ru"))
    assert written.hits
    assert [h.slug for h in typed.hits[:3]] == [h.slug for h in written.hits[:3]]


async def test_a_longer_word_with_the_same_first_letters_is_no_inflection(tune_catalogue: Factory) -> None:
    """ "maquilagem" (make-up, a spelling without the h) shares "maqui" with "máquinas" (machines): forms of one word
    differ in their endings, not in eight letters of them, so the typo "maquilhagem" is what it means."""
    async with tune_catalogue() as session:
        page = await SearchService(refresh_interval=0).search(
            session, SearchQuery("maquilagem de noiva", language="pt")
        )
    assert [h.slug for h in page.hits[:1]] == ["t-faro-maquilhagem-noivas"]


@pytest.mark.parametrize(
    ("text", "language"),
    [("сайт в Вильнюсе", "ru"), ("strona internetowa w Wilnie", "pl"), ("website in Vilnius", "en")],
)
async def test_a_city_named_in_any_language_puts_its_listings_first(demo: Factory, text: str, language: str) -> None:
    """A text-only query naming a city in its own language and case ("в Вильнюсе", "w Wilnie") prefers the
    listings of that city, as "in Vilnius" does: the forms come from the table the NLU reads (domain.place_names)."""
    async with demo() as session:
        page = await SearchService(refresh_interval=0).search(session, SearchQuery(text, language=language))
    assert page.hits and page.hits[0].city == "Vilnius"


@pytest.mark.parametrize(
    ("slipped", "meant", "language"),
    [
        ("preciiso de 200 pastéis de nata até sexta", "preciso de 200 pastéis de nata até sexta", "pt"),
        ("нуужен сайт для нашей фирмы", "нужен сайт для нашей фирмы", "ru"),
        ("potrzebuujemy strony internetowej dla firmy", "potrzebujemy strony internetowej dla firmy", "pl"),
        ("padangų keitimas Klipėdoje", "padangų keitimas", "lt"),
    ],
)
async def test_a_slip_in_a_request_word_is_not_the_need(demo: Factory, slipped: str, meant: str, language: str) -> None:
    """A letter doubled, dropped or swapped in "preciso", "нужен", "potrzebujemy" (or in a town, "Klipėdoje") made
    the word an unknown head of the need, and the search found nothing; it is read as the word it is."""
    service = SearchService(refresh_interval=0)
    async with demo() as session:
        typed = await service.search(session, SearchQuery(slipped, language=language))
        written = await service.search(session, SearchQuery(meant, language=language))
    assert written.hits
    assert [h.slug for h in typed.hits[:3]] == [h.slug for h in written.hits[:3]]


@pytest.mark.parametrize(
    ("message", "need", "language"),
    [
        ("Здравствуйте, мы небольшая фирма из Риги и ищем ремонт ноутбука. Можете помочь? Спасибо!", "ремонт ноутбука",
         "ru"),
        ("Bom dia! Precisávamos de um bolo de aniversário até ao fim do mês, quanto custa? Obrigada",
         "bolo de aniversário", "pt"),
        ("Sveiki, mūsu uzņēmumam vajadzētu grāmatvedības pakalpojumi līdz mēneša beigām. Cik tas maksātu?",
         "grāmatvedības pakalpojumi", "lv"),
    ],
)  # fmt: skip
async def test_the_need_inside_a_chat_message_is_found_as_the_need_alone(
    demo: Factory, message: str, need: str, language: str
) -> None:
    """Who is writing comes before the request verb ("мы небольшая фирма … и ищем"), and the price question after
    it ("quanto custa", "cik tas maksātu"): the need is what follows the verb, and the rest is not asked for."""
    service = SearchService(refresh_interval=0)
    async with demo() as session:
        whole = await service.search(session, SearchQuery(message, language=language))
        alone = await service.search(session, SearchQuery(need, language=language))
    assert alone.hits
    assert whole.hits and whole.hits[0].slug in {h.slug for h in alone.hits[:3]}


async def test_a_word_that_starts_like_a_city_is_not_that_city(demo: Factory) -> None:
    """ "bolo" (a cake) shares its first letters with "Bologna": read as a place, it weighed a third and was no key
    word, and the search found nothing; the cakes are found, as for "bolos"."""
    service = SearchService(refresh_interval=0)
    async with demo() as session:
        page = await service.search(session, SearchQuery("bolo", language="pt"))
    assert page.hits and page.hits[0].category == "bakery"


async def test_among_full_matches_the_place_named_comes_first(db: Factory) -> None:
    """Two schools offer the same thing in the same words: the place named decides which comes first (the place
    bonus is added before scores are capped at 100, so full matches are told apart by it too)."""
    catalogue = """
organizations:
  - {slug: v, kind: school, name: Vilniaus mokykla, country: LT, city: Vilnius, languages: [en]}
  - {slug: k, kind: school, name: Kauno mokykla, country: LT, city: Kaunas, languages: [en]}
listings:
  - {slug: a-vilnius, organization: v, language: en, title: Birthday cakes, category: bakery,
     description: Birthday cakes delivered in Vilnius and Kaunas}
  - {slug: b-kaunas, organization: k, language: en, title: Birthday cakes, category: bakery,
     description: Birthday cakes delivered in Vilnius and Kaunas}
"""
    assert (await import_catalogue(db, catalogue.encode(), load_taxonomy())).ok
    service = SearchService(refresh_interval=0)
    async with db() as session:
        kaunas = await service.search(session, SearchQuery("birthday cakes in Kaunas", language="en"))
        vilnius = await service.search(session, SearchQuery("birthday cakes in Vilnius", language="en"))
    assert kaunas.hits[0].slug == "b-kaunas" and vilnius.hits[0].slug == "a-vilnius"
    assert kaunas.hits[0].score <= 100


@pytest.mark.parametrize("text", ["website", "Birthday cakes", "torty na zakaz"])
async def test_latin_letters_from_a_russian_speaker_are_searched_as_typed_first(demo: Factory, text: str) -> None:
    """A Russian speaker's "website" (the query said to be Russian) was spelt in Cyrillic ("вебсите") and found
    nothing; it is searched as typed, and in Cyrillic only when that finds nothing."""
    service = SearchService(refresh_interval=0)
    async with demo() as session:
        said_russian = await service.search(session, SearchQuery(text, language="ru"))
        as_typed = await service.search(session, SearchQuery(text))
    assert said_russian.hits and said_russian.hits[0].category == as_typed.hits[0].category


@pytest.mark.parametrize(
    ("query", "language"),
    [("vajag jaunu logo", "lv"), ("potrzebujemy nowe logo", "pl"), ("reikia naujo logotipo", "lt"),
     ("нужен новый логотип", "ru"), ("ok logo", "en"), ("ok, logotipo", "pt")],
)  # fmt: skip
async def test_new_is_no_thing_asked_for(demo: Factory, query: str, language: str) -> None:
    """Blind tester: "vajag jaunu logo musu firmai" (we need a new logo) found nothing although three schools
    offer logos; "new" was a stop word in English only."""
    async with demo() as session:
        page = await SearchService(refresh_interval=0).search(session, SearchQuery(query, language=language))
    assert page.hits and page.hits[0].category == "graphic_design", query


@pytest.mark.parametrize("query", ["cake for 200 ppl for jan 20", "need like 200 cupcakes for our opening on jan 20"])
async def test_chat_abbreviations_are_no_thing_asked_for(demo: Factory, query: str) -> None:
    """Blind tester: "cake for 200 ppl for jan 20" found nothing while "cake for 200 people for 20 January" found ten
    offers: "ppl" and "jan" counted as words of the need that nothing offers."""
    async with demo() as session:
        page = await SearchService(refresh_interval=0).search(session, SearchQuery(query, language="en"))
    assert page.hits and page.hits[0].category == "bakery", query


@pytest.mark.parametrize(
    ("text", "category"), [("hair cut", "beauty"), ("hair cuts, please", "beauty"), ("tshirts", "sewing_textiles")]
)
async def test_a_word_typed_in_two_or_without_its_hyphen_is_found(demo: Factory, text: str, category: str) -> None:
    """Blind tester: "hair cut" and "tshirts" found nothing ("haircut" and "t-shirt" did)."""
    async with demo() as session:
        page = await SearchService(refresh_interval=0).search(session, SearchQuery(text, language="en"))
    assert page.hits and page.hits[0].category == category, [h.slug for h in page.hits]


def test_two_words_are_joined_only_into_a_dictionary_word_and_never_with_a_stop_word() -> None:
    known = {"haircut", "precisode", "agente"}.__contains__
    assert joined_compounds("a hair cut, please", known) == "a haircut, please"
    assert joined_compounds("preciso de bolos", known) == "preciso de bolos"
    assert joined_compounds("a gente precisa", known) == "a gente precisa"


@pytest.mark.parametrize(
    ("query", "language"),
    [
        ("sou dono de uma padaria no Porto e preciso de um site", "pt"),
        ("we run a bakery and need a website", "en"),
        ("у меня пекарня в Риге, нужен сайт", "ru"),
    ],
)
async def test_the_business_one_runs_is_not_the_need(demo: Factory, query: str, language: str) -> None:
    """Blind tester: "sou dono de uma padaria no Porto e preciso de um site" showed pastries: the bakery the sender
    owns counted as much as the website they need."""
    async with demo() as session:
        page = await SearchService(refresh_interval=0).search(session, SearchQuery(query, language=language))
    assert page.hits and page.hits[0].category == "web_design", [h.slug for h in page.hits]


@pytest.mark.parametrize(
    ("query", "language", "city", "country"),
    [("Porto", "pt", "Porto", "PT"), ("what do schools in Porto offer?", "en", "Porto", "PT"),
     ("co oferują szkoły w Krakowie?", "pl", "Kraków", "PL"), ("ką siūlo mokyklos Kaune?", "lt", "Kaunas", "LT"),
     ("ko piedāvā skolas Rīgā?", "lv", "Rīga", "LV"), ("cosa c'è a Napoli?", "it", "Napoli", "IT"),
     ("что предлагают школы в Даугавпилсе?", "ru", "Daugavpils", "LV"), ("offers in Lithuania", "en", None, "LT")],
)  # fmt: skip
async def test_a_place_alone_lists_its_offers(
    demo: Factory, query: str, language: str, city: str | None, country: str
) -> None:
    """Blind testers: "what do schools in Porto offer?", "Napoli" found nothing (no listing names the town in its
    text, and a place is no evidence of a thing asked for): a message asking only what a place offers lists them."""
    async with demo() as session:
        page = await SearchService(refresh_interval=0).search(session, SearchQuery(query, language=language))
    assert page.total >= 3, query
    assert all(hit.country == country for hit in page.hits), query
    if city is not None:
        assert all(hit.city == city for hit in page.hits), [hit.city for hit in page.hits]


@pytest.mark.parametrize("query", ["show me all offers", "pokaż wszystkie oferty", "mostra tutte le offerte"])
async def test_all_offers_are_listed_when_asked_for(demo: Factory, query: str) -> None:
    async with demo() as session:
        page = await SearchService(refresh_interval=0).search(session, SearchQuery(query))
    assert page.total > 100, query


@pytest.mark.parametrize("query", ["show me", "what is there?", "hello"])
async def test_looking_around_needs_a_place_or_everything(demo: Factory, query: str) -> None:
    async with demo() as session:
        page = await SearchService(refresh_interval=0).search(session, SearchQuery(query, language="en"))
    assert page.total == 0, [hit.slug for hit in page.hits]


@pytest.mark.parametrize(
    ("query", "language"),
    [("cerco qualcuno che mi faccia un sito web", "it"),
     ("ciao, ho una piccola azienda e cerco qualcuno che mi faccia un sito web", "it"),
     ("qualcuno che mi faccia un sito", "it"), ("kas padarytų svetainę", "lt")],
)  # fmt: skip
async def test_a_verb_of_making_is_no_thing_asked_for(demo: Factory, query: str, language: str) -> None:
    """Blind tester (session 15): "cerco qualcuno che mi faccia un sito web" found nothing and "…un sito" found
    construction work: "faccia" (make; also "face") was read as the head of the need."""
    async with demo() as session:
        page = await SearchService(refresh_interval=0).search(session, SearchQuery(query, language=language))
    assert page.hits and page.hits[0].category == "web_design", [h.slug for h in page.hits]


async def test_a_listing_hidden_a_moment_ago_is_not_shown(demo: Factory) -> None:
    """Blind tester: a coordinator was told a hidden offer "is out of search", and the next search (within the
    index's refresh interval) still listed it, its Details a dead end. Hits are read only while searchable."""
    service = SearchService(refresh_interval=3600)  # the index is not refreshed between the two searches
    query = SearchQuery("pastéis de nata", language="pt")
    assert "epht-pasteis-de-nata" in await _search(demo, service, query)
    async with transaction(demo) as session:
        await session.execute(update(Listing).where(Listing.slug == "epht-pasteis-de-nata").values(hidden_at=utcnow()))
    assert "epht-pasteis-de-nata" not in await _search(demo, service, query)


@pytest.mark.parametrize(("text", "need"), [("show me cakes", "cakes"), ("pokaż torty", "torty"),
                                           ("покажи торты", "торты")])  # fmt: skip
async def test_show_me_is_no_thing_asked_for(demo: Factory, text: str, need: str) -> None:
    """Blind tester (session 16): "show me cakes in Gdansk" found nothing ("show" was the head of the need), and the
    bot's retry with the need alone listed the town's welding and 3D printing."""
    service = SearchService(refresh_interval=0)
    found = await _search(demo, service, SearchQuery(text))
    assert found and found == await _search(demo, service, SearchQuery(need))
    assert not looks_around("show me")


@pytest.mark.parametrize("text", ["reikia šakočio", "šakočio 3 kg Kaune", "reikia šakočių šventei"])
async def test_a_lithuanian_t_that_became_c_still_finds_the_word(demo: Factory, text: str) -> None:
    """Blind tester: "reikia šakočio" (of a šakotis) found nothing; only "šakotis" did (t → č before i)."""
    async with demo() as session:
        hits = (await SearchService(refresh_interval=0).search(session, SearchQuery(text, language="lt"))).hits
    assert hits and hits[0].slug == "kmtsc-sakotis", [(h.title, h.score) for h in hits]


@pytest.mark.parametrize(
    ("text", "language"),
    [("ar turite tortų netoli Kauno?", "lt"), ("reikia torto šalia Kauno", "lt"), ("vajag torti tuvu Rīgai", "lv"),
     ("czy macie torty blisko Krakowa?", "pl"), ("szukam też tortu", "pl")],
)  # fmt: skip
async def test_words_of_having_and_nearness_are_no_need(demo: Factory, text: str, language: str) -> None:
    """Blind tester M-F1/M-F2 (session 18): "netoli", "šalia", "tuvu" were ranked as the thing asked for (nothing
    found); "macie", "blisko" too (one bakery, and a beauty salon). Every quality set is unchanged by these words."""
    async with demo() as session:
        hits = (await SearchService(refresh_interval=0).search(session, SearchQuery(text, language=language))).hits
    assert len(hits) >= 3 and all(h.category == "bakery" for h in hits[:3]), [(h.title, h.score) for h in hits]


async def test_a_listing_hidden_since_the_last_refresh_leaves_a_full_page(demo: Factory) -> None:
    """Blind tester L-F2 (session 18): a coordinator hid result 1 and searched again within the refresh interval:
    "Showing 1–4 of 11" (the hidden one was dropped when read, the page and the total were not)."""
    service = SearchService(refresh_interval=3600)  # no refresh by the clock in this test
    query = SearchQuery("birthday cakes", language="en")
    async with demo() as session:
        before = await service.search(session, query)
    async with transaction(demo) as session:
        await session.execute(update(Listing).where(Listing.id == before.hits[0].listing_id).values(hidden_at=utcnow()))
    async with demo() as session:
        after = await service.search(session, query)
    assert before.hits[0].listing_id not in [h.listing_id for h in after.hits]
    assert (len(after.hits), after.total) == (len(before.hits), before.total - 1)


@pytest.mark.parametrize(
    ("text", "language"),
    [("can someone build me a website?", "en"), ("I'm looking for someone to build a website for my small shop", "en"),
     ("kto zbuduje stronę internetową?", "pl")],
)  # fmt: skip
async def test_a_verb_of_making_is_no_need(demo: Factory, text: str, language: str) -> None:
    """Blind tester P-F4 (session 19): "can someone build me a website?" listed masonry and tiling ("build" ranked
    as the need), and the longer message found nothing. The held-out blind set's chatty hit@1 rose 60.0 → 63.3 %,
    every other set unchanged."""
    async with demo() as session:
        hits = (await SearchService(refresh_interval=0).search(session, SearchQuery(text, language=language))).hits
    assert hits and all(h.category == "web_design" for h in hits[:3]), [(h.title, h.score) for h in hits]
