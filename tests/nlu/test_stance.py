"""A need or an offer said in so many words overrules the model; Russian typed in Latin letters is read as Russian."""

from __future__ import annotations

import pytest

from domain.search.translit import looks_like_translit_russian, to_cyrillic
from nlu.answers import stance
from nlu.langid import detect_language
from nlu.normalise.places import find_city


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hi, we run a small bakery in Porto and we need 300 paper bags with our logo", "need"),
        ("Laba diena, esame kavinė Kaune ir mums reikėtų 50 pyragėlių", "need"),
        ("mans priekšnieks meklē kādu, kas varētu salabot datorus", "need"),
        ("Здравствуйте, мы кафе, нам нужно около 100 пирожков", "need"),
        ("majaslapa viesu namam, lidz 600 eur", "need"),
        ("automobilio techninė priežiūra Marijampolėje?", "need"),
        ("our students can bake birthday cakes, 25 eur per kg", "offer"),
        ("Uczniowie naszego technikum wykonują drobne remonty, przyjmujemy zlecenia", "offer"),
        ("Os alunos do nosso curso fazem revisões, aceitamos pedidos", "offer"),
        ("os alunos do 2º ano vendem queques, 2 euros cada", "offer"),  # "do 2" is not "up to 2"; learners sell
        # issue 10 part 4: third person, learners as the subject, a question that is an offer's hook
        ("a escola do meu filho precisa de cortinas novas para o ginasio", "need"),
        ("draugė ieško kas pasiūtų vestuvinę suknelę Tauragėje", "need"),
        ("Gli allievi del corso di elettricista fanno piccoli impianti elettrici", "offer"),
        ("mūsu skolas frizieru audzēknes piedāvā matu griezumus Kuldīgā", "offer"),
        ("Precisa de um site novo? Os alunos da nossa escola fazem sites a preço simbólico", "offer"),
        ("Нужен сайт? Студенты нашего колледжа сделают недорого", "offer"),
        ("if your company needs photos, our multimedia students can help", "offer"),
        ("temos formandos de eletricidade disponiveis para reparações, alguem interessado?", "offer"),
        ("we bake our own bread but need someone to design the packaging", "need"),
        ("os alunos conseguem coser 40 aventais para a cozinha?", "need"),  # learners asked about, not offering
        ("a cake for our students' graduation?", "need"),
        # a company asking about the school's work (YOUR_LEARNERS, session 9; the model decided before)
        ("a vossa escola aceita encomendas de fardas? somos uma pequena clínica", "need"),
        ("do your students repair vans? ours needs brakes", "need"),
        ("ваши ученики шьют шторы? мы в Риге", "need"),
        # an offer's hook: a need asked of anyone, or an "if" before it (session 9)
        ("does anybody need a logo? our design class works for free this month", "offer"),
        ("ar kam nors reikia svetainių? mūsų IT grupė kuria pigiai", "offer"),
        ("кому нужна уборка офиса? наши студенты работают по вечерам", "offer"),
        ("jeśli ktoś potrzebuje kwiatów na wesele, nasza klasa florystyczna zrobi bukiety", "offer"),
        ("how do I add a new offer?", "offer"),
        ("come metto un annuncio nuovo per la nostra scuola?", "offer"),
        ("mokykla siūlo automobilių plovimą Kaune", "offer"),
        ("Mūsu kokapstrādes grupa var izgatavot soliņus", "offer"),
        ("catering for 50 people", None),
        ("we offer cakes and need new clients", None),  # both: the model decides
        # asking what is on offer (a company read as offering: "only teachers post offers")
        ("что у вас есть по ремонту машин", "need"),
        ("co macie z tortów na wesele", "need"),
        ("o que tem para casamentos", "need"),
        ("у нас есть студенты, которые пекут торты", "offer"),
    ],
)
def test_stance(text: str, expected: str | None) -> None:
    assert stance(text) == expected


def test_transliterated_russian_is_recognised_and_spelled_back() -> None:
    text = "nuzhen kto-to sdelat sait dlya parikmaherskoi v vilnyuse"
    assert looks_like_translit_russian(text)
    assert detect_language(text) == "ru"  # told by its words: lingua alone called such messages Polish (session 10)
    cyrillic = to_cyrillic(text)
    assert cyrillic.startswith("нужен кто-то сделат сайт для")
    assert find_city(to_cyrillic("ishchem povara na korporativ v rige")) is not None
    for ordinary in ("need a website for my cafe", "reikia torto", "nam potrzebny tort", "ok", "hello"):
        assert not looks_like_translit_russian(ordinary), ordinary
    # Spelt as unidecode and many people write it: "ia"/"iu" for я/ю, words only Russian spells so.
    assert to_cyrillic("dizain meniu dlia kafe") == "дизайн меню для кафе"
    assert looks_like_translit_russian("Zdravstvuite, u menia v ofise slomalsia noutbuk")
    for ordinary in ("torta nuziale", "pizza napoletana per feste", "ciasto czekoladowe", "bolo de aniversario",
                     "italia", "kaip gyvenate", "strony internetowe dla firmy"):  # fmt: skip
        assert not looks_like_translit_russian(ordinary), ordinary


def test_the_need_is_read_after_the_sender_describes_itself() -> None:
    from nlu.client import NluClient

    assert NluClient._local_category("we bake our own bread but need someone to design the packaging", "en") == (
        "graphic_design"
    )
    assert NluClient._local_category("somos uma padaria e precisamos de um logotipo novo", "pt") == "graphic_design"
    assert NluClient._local_category("preciso de 200 pasteis de nata", "pt") == "bakery"
    assert NluClient._local_category("the students of our bakery course bake bread", "en") == "bakery"
