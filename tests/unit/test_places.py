"""Countries and cities in seven languages, inflected and without diacritics; no substring hits."""

from __future__ import annotations

import time

import pytest

from nlu.normalise.places import find_city, find_country

COUNTRIES: list[tuple[str, str]] = [
    # Lithuania
    ("Lithuania", "LT"),
    ("Lietuva", "LT"),
    ("mokyklos Lietuvoje", "LT"),
    ("iš Lietuvos", "LT"),
    ("į Lietuvą", "LT"),
    ("Lietuvā", "LT"),
    ("Lietuvai", "LT"),
    ("Литва", "LT"),
    ("в Литве", "LT"),
    ("из Литвы", "LT"),
    ("Lituania", "LT"),
    ("Lituânia", "LT"),
    ("Litwa", "LT"),
    ("w Litwie", "LT"),
    ("z Litwy", "LT"),
    ("lietuvoje", "LT"),
    # Latvia
    ("Latvia", "LV"),
    ("Latvija", "LV"),
    ("Latvijoje", "LV"),
    ("Latvijā", "LV"),
    ("Latvijas skolas", "LV"),
    ("Łotwa", "LV"),
    ("w Łotwie", "LV"),
    ("w Lotwie", "LV"),
    ("Lettonia", "LV"),
    ("Letónia", "LV"),
    ("Letonia", "LV"),
    ("Латвия", "LV"),
    ("в Латвии", "LV"),
    # Poland
    ("Poland", "PL"),
    ("Lenkija", "PL"),
    ("Lenkijoje", "PL"),
    ("Polija", "PL"),
    ("Polijā", "PL"),
    ("Polska", "PL"),
    ("w Polsce", "PL"),
    ("Polonia", "PL"),
    ("Polónia", "PL"),
    ("Польша", "PL"),
    ("в Польше", "PL"),
    # Italy
    ("Italy", "IT"),
    ("Italija", "IT"),
    ("Italijoje", "IT"),
    ("Itālija", "IT"),
    ("Itālijā", "IT"),
    ("Włochy", "IT"),
    ("we Włoszech", "IT"),
    ("we Wloszech", "IT"),
    ("Italia", "IT"),
    ("Itália", "IT"),
    ("Италия", "IT"),
    ("в Италии", "IT"),
    # Portugal
    ("Portugal", "PT"),
    ("Portugalija", "PT"),
    ("Portugalijoje", "PT"),
    ("Portugāle", "PT"),
    ("Portugalē", "PT"),
    ("Portugalia", "PT"),
    ("w Portugalii", "PT"),
    ("Portogallo", "PT"),
    ("Португалия", "PT"),
    ("в Португалии", "PT"),
    # Others, nominative + locative
    ("Estonia", "EE"),
    ("Estijoje", "EE"),
    ("Igaunijā", "EE"),
    ("w Estonii", "EE"),
    ("в Эстонии", "EE"),
    ("Germany", "DE"),
    ("Vokietijoje", "DE"),
    ("Vācijā", "DE"),
    ("w Niemczech", "DE"),
    ("Germania", "DE"),
    ("na Alemanha", "DE"),
    ("в Германии", "DE"),
    ("Finland", "FI"),
    ("Suomijoje", "FI"),
    ("Somijā", "FI"),
    ("w Finlandii", "FI"),
    ("в Финляндии", "FI"),
    ("Sweden", "SE"),
    ("Švedijoje", "SE"),
    ("Zviedrijā", "SE"),
    ("w Szwecji", "SE"),
    ("Svezia", "SE"),
    ("na Suécia", "SE"),
    ("в Швеции", "SE"),
    ("France", "FR"),
    ("Prancūzijoje", "FR"),
    ("Francijā", "FR"),
    ("we Francji", "FR"),
    ("Francia", "FR"),
    ("em França", "FR"),
    ("во Франции", "FR"),
    ("Spain", "ES"),
    ("Ispanijoje", "ES"),
    ("Spānijā", "ES"),
    ("w Hiszpanii", "ES"),
    ("Spagna", "ES"),
    ("em Espanha", "ES"),
    ("в Испании", "ES"),
    # Adjectives used as filters
    ("only Lithuanian schools", "LT"),
    ("tik lietuviškos", "LT"),
    ("tik lietuviskos mokyklos", "LT"),
    ("tylko polskie", "PL"),
    ("solo italiane", "IT"),
    ("só portuguesas", "PT"),
    ("so portuguesas", "PT"),
    ("только латвийские", "LV"),
    ("only Polish schools", "PL"),
    ("tikai latviešu skolas", "LV"),
    # Russian in Latin letters (a blind tester: "tolko v Polshe", "v Litve" found nothing; "v Latvii" did)
    ("tolko v Polshe", "PL"),
    ("v Litve", "LT"),
    ("Polsha", "PL"),
]


@pytest.mark.parametrize(("text", "code"), COUNTRIES, ids=[c[0] for c in COUNTRIES])
def test_country(text: str, code: str) -> None:
    assert find_country(text) == code


@pytest.mark.parametrize(
    "text",
    ["I need a cake", "polish my car please", "reikia 50 tortų", "Porto", "Kaune", "aromatas", "3D", "Romania"],
)
def test_no_country(text: str) -> None:
    assert find_country(text) is None


CITIES: list[tuple[str, str, str]] = [
    ("Kaune", "Kaunas", "LT"),
    ("uz Rīgu", "Rīga", "LV"),  # the accusative: "vai varat atvest uz Rigu?"
    ("Kauno", "Kaunas", "LT"),
    ("reikia 50 tortų Kaune", "Kaunas", "LT"),
    ("Vilniuje", "Vilnius", "LT"),
    ("Vilniaus", "Vilnius", "LT"),
    ("Klaipėdoje", "Klaipėda", "LT"),
    ("Klaipedoje", "Klaipėda", "LT"),
    ("Šiauliuose", "Šiauliai", "LT"),
    ("Panevėžyje", "Panevėžys", "LT"),
    ("Alytuje", "Alytus", "LT"),
    ("Marijampolėje", "Marijampolė", "LT"),
    ("Utenoje", "Utena", "LT"),
    ("Rīgā", "Rīga", "LV"),
    ("Rīgas", "Rīga", "LV"),
    ("Rigoje", "Rīga", "LV"),
    ("Riga", "Rīga", "LV"),
    ("Ryga", "Rīga", "LV"),
    ("w Rydze", "Rīga", "LV"),
    ("в Риге", "Rīga", "LV"),
    ("Рига", "Rīga", "LV"),
    ("Daugavpilī", "Daugavpils", "LV"),
    ("в Даугавпилсе", "Daugavpils", "LV"),
    ("Даугавпилс", "Daugavpils", "LV"),
    ("Liepājā", "Liepāja", "LV"),
    ("Jelgavā", "Jelgava", "LV"),
    ("Jūrmalā", "Jūrmala", "LV"),
    ("Ventspilī", "Ventspils", "LV"),
    ("Rēzeknē", "Rēzekne", "LV"),
    ("Valmierā", "Valmiera", "LV"),
    ("w Krakowie", "Kraków", "PL"),
    ("Krakow", "Kraków", "PL"),
    ("Cracovia", "Kraków", "PL"),
    ("Cracow", "Kraków", "PL"),
    ("в Кракове", "Kraków", "PL"),
    ("Warsaw", "Warszawa", "PL"),
    ("Varšuvoje", "Warszawa", "PL"),
    ("w Warszawie", "Warszawa", "PL"),
    ("в Варшаве", "Warszawa", "PL"),
    ("Gdansk", "Gdańsk", "PL"),
    ("w Gdańsku", "Gdańsk", "PL"),
    ("w Poznaniu", "Poznań", "PL"),
    ("we Wrocławiu", "Wrocław", "PL"),
    ("Lodz", "Łódź", "PL"),
    ("w Łodzi", "Łódź", "PL"),
    ("w Lublinie", "Lublin", "PL"),
    ("w Białymstoku", "Białystok", "PL"),
    ("w Szczecinie", "Szczecin", "PL"),
    ("w Katowicach", "Katowice", "PL"),
    ("a Milano", "Milano", "IT"),
    ("Milan", "Milano", "IT"),
    ("w Mediolanie", "Milano", "IT"),
    ("a Roma", "Roma", "IT"),
    ("Rome", "Roma", "IT"),
    ("a Torino", "Torino", "IT"),
    ("Naples", "Napoli", "IT"),
    ("a Bologna", "Bologna", "IT"),
    ("Florence", "Firenze", "IT"),
    ("Venezia", "Venezia", "IT"),
    ("Genova", "Genova", "IT"),
    ("a Bari", "Bari", "IT"),
    ("Palermo", "Palermo", "IT"),
    ("Lisbon", "Lisboa", "PT"),
    ("Lisabona", "Lisboa", "PT"),
    ("em Lisboa", "Lisboa", "PT"),
    ("в Лиссабоне", "Lisboa", "PT"),
    ("no Porto", "Porto", "PT"),
    ("no porto", "Porto", "PT"),
    ("Porto", "Porto", "PT"),
    ("em Braga", "Braga", "PT"),
    ("Coimbra", "Coimbra", "PT"),
    ("em Aveiro", "Aveiro", "PT"),
    ("em Faro", "Faro", "PT"),
    ("Setúbal", "Setúbal", "PT"),
    ("Setubal", "Setúbal", "PT"),
    ("Guimarães", "Guimarães", "PT"),
    ("Guimaraes", "Guimarães", "PT"),
]


@pytest.mark.parametrize(("text", "name", "code"), CITIES, ids=[c[0] for c in CITIES])
def test_city(text: str, name: str, code: str) -> None:
    assert find_city(text) == (name, code)


@pytest.mark.parametrize(
    "text",
    [
        "I need a cake",
        "aromatas",  # contains "roma"
        "Kaunasis",  # not a form of Kaunas
        "porto la torta domani",  # Italian "I bring the cake": lower-case, no place preposition
        "nuovo faro per la barca",
        "Lithuania",
        "3D printing",
    ],
)
def test_no_city(text: str) -> None:
    assert find_city(text) is None


BAD_INPUT = [
    "",
    "   ",
    "🏙️🏙️",
    "\x00\x01\x02\x1b[31m",
    "нужен торт w Krakowie",
    "a" * 10_000,
    "Kaune " * 1_700,
    "Lietuva" * 1_500,
    "x " * 5_000,
]


@pytest.mark.parametrize("text", BAD_INPUT, ids=range(len(BAD_INPUT)))
def test_bad_input_is_fast_and_safe(text: str) -> None:
    start = time.perf_counter()
    country = find_country(text)
    city = find_city(text)
    elapsed = time.perf_counter() - start
    assert country is None or len(country) == 2
    assert city is None or len(city) == 2
    assert elapsed < 1.0, f"{elapsed:.3f}s"  # catastrophic backtracking takes seconds; speed is benchmarked


def test_mixed_script_message() -> None:
    assert find_city("нужен торт w Krakowie") == ("Kraków", "PL")


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("Tauragėje", "Tauragė"), ("Kėdainiuose", "Kėdainiai"), ("Druskininkuose", "Druskininkai"),
        ("Jēkabpilī", "Jēkabpils"), ("Siguldā", "Sigulda"), ("Tukumā", "Tukums"), ("в Екабпилсе", "Jēkabpils"),
        ("w Gdyni", "Gdynia"), ("w Toruniu", "Toruń"), ("a Verona", "Verona"), ("em Évora", "Évora"),
        ("daugavpilse", "Daugavpils"), ("в Паланге", "Palanga"),
        # issue 10 part 4: more towns, the spoken Lithuanian locative, Russian without soft signs, several words
        ("klaipedoj", "Klaipėda"), ("Ukmergėje", "Ukmergė"), ("в Шяуляе", "Šiauliai"), ("в вилнюсе", "Vilnius"),
        ("в Кедайняе", "Kėdainiai"), ("w Elblągu", "Elbląg"), ("w Zielonej Górze", "Zielona Góra"),
        ("w Bielsku-Białej", "Bielsko-Biała"), ("em Viana do Castelo", "Viana do Castelo"),
        ("perto de Povoa de Varzim", "Póvoa de Varzim"), ("a Reggio Emilia", "Reggio Emilia"), ("a Como", "Como"),
        ("Veronoje", "Verona"), ("в Таллине", "Tallinn"),
    ],
)  # fmt: skip
def test_case_forms_of_towns_not_listed_form_by_form(text: str, city: str) -> None:
    found = find_city(text)
    assert found is not None and found[0] == city


@pytest.mark.parametrize(
    "text",
    [
        "serralharia portoes", "a nossa oficina faz portões", "Kaunasis",
        "servono trenta torte per sabato",  # "trenta" (thirty) is not a case form of Trento
        "come stai, como vai", "a casa de povoa",  # "como" (how); one word of a longer name
    ],
)  # fmt: skip
def test_stems_do_not_catch_common_words(text: str) -> None:
    assert find_city(text) is None


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("cake in Vilnus", "Vilnius"), ("torte a Torno", "Torino"), ("catering w Krakowje", "Kraków"),
        ("ciasto w Gdnsku", "Gdańsk"), ("catering in Daugavpilss", "Daugavpils"),
        ("we need cakes in Viilnius", "Vilnius"),
    ],
)  # fmt: skip
def test_a_mistyped_town_where_a_town_is_expected(text: str, city: str) -> None:
    """Blind tester: "Vilnus" was no place, and the search showed cakes from everywhere."""
    found = find_city(text)
    assert found is not None and found[0] == city


@pytest.mark.parametrize(
    "text", ["Torno domani con la torta", "In cakes I trust", "bolos no Prto", "serve in Torte", "Sveiki. Turime namus"]
)
def test_a_slip_away_from_a_place_word_is_no_town(text: str) -> None:
    assert find_city(text) is None
