"""Find the quantity a person needs ("200 pasteis de nata", "на 40 человек", "dwadzieścia tortów").

Why hand-written tables instead of a library: chat messages mix the quantity with prices ("po 5 eur"),
dates ("12 grudnia", "12.12"), times ("10:00"), spans ("za 3 dni") and product names ("3D", "A4"),
and the numeral words are inflected (lt "dvidešimties", pl "dwudziestu", ru "сорока"). Knowing which
number is *not* a quantity matters more than parsing numbers, so every candidate is checked against
its neighbours before it is accepted. The first surviving candidate wins: people state the amount
before the place and the date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

from nlu.normalise._text import Token, fold, tokenize
from nlu.normalise.vocab import (
    CURRENCY_WORDS,
    MONTH_EXACT,
    QUANTITY_UNITS,
    TIME_UNITS,
    is_month_word,
    word_set,
)

MIN_QUANTITY = 1
MAX_QUANTITY = 1_000_000
# A chat message states its quantity among its first few numbers; looking further only costs time
# on pasted tables or spam.
_MAX_CANDIDATES = 50


def _forms(spec: str) -> dict[str, int]:
    """Parse "value:form form form; value:form ..." into a form → value map (forms already folded)."""
    table: dict[str, int] = {}
    for group in spec.split(";"):
        group = group.strip()
        if not group:
            continue
        value, forms = group.split(":", 1)
        for form in forms.split():
            table[form] = int(value)
    return table


# Folded numeral words, including the common oblique cases a quantity takes ("для двадцати человек",
# "dla dwudziestu osób", "dvidešimties žmonių"). Articles that double as "one" (un, una, um, uma, a)
# are deliberately absent: "uma encomenda" is not a quantity.
_EN = """1:one; 2:two couple; 3:three; 4:four; 5:five; 6:six; 7:seven; 8:eight; 9:nine; 10:ten;
11:eleven; 12:twelve dozen dozens; 13:thirteen; 14:fourteen; 15:fifteen; 16:sixteen; 17:seventeen;
18:eighteen; 19:nineteen; 20:twenty; 30:thirty; 40:forty; 50:fifty; 60:sixty; 70:seventy; 80:eighty;
90:ninety; 100:hundred hundreds; 1000:thousand thousands"""
_LT = """1:vienas viena vieno vienos viena; 2:du dvi dvieju dviem pora poros dviems; 3:trys triju tris trims;
4:keturiems; 5:penkiems; 6:sesiems; 10:desimciai; 20:dvidesimciai; 30:trisdesimciai; 40:keturiasdesimciai;
50:penkiasdesimciai; 100:simtui;
4:keturi keturios keturiu keturis; 5:penki penkios penkiu penkis; 6:sesi sesios sesiu sesis;
7:septyni septynios septyniu septynis; 8:astuoni astuonios astuoniu astuonis;
9:devyni devynios devyniu devynis; 10:desimt desimties; 11:vienuolika vienuolikos;
12:dvylika dvylikos tuzinas tuzina tuzino; 13:trylika trylikos; 14:keturiolika keturiolikos;
15:penkiolika penkiolikos; 16:sesiolika sesiolikos; 17:septyniolika septyniolikos;
18:astuoniolika astuoniolikos; 19:devyniolika devyniolikos; 20:dvidesimt dvidesimties;
30:trisdesimt trisdesimties; 40:keturiasdesimt keturiasdesimties; 50:penkiasdesimt penkiasdesimties;
60:sesiasdesimt sesiasdesimties; 70:septyniasdesimt septyniasdesimties;
80:astuoniasdesimt astuoniasdesimties; 90:devyniasdesimt devyniasdesimties;
100:simtas simta simto simtai simtu simtus; 1000:tukstantis tukstanti tukstancio tukstanciai tukstanciu"""
_LV = """1:viens viena vienu; 2:divi divas divus divam divos pari paris; 3:tris trijos trim;
4:cetri cetras cetrus cetram; 5:pieci piecas piecus pieciem piecam; 6:sesi sesas sesus sesiem;
7:septini septinas septinus; 8:astoni astonas astonus; 9:devini devinas devinus; 10:desmit;
11:vienpadsmit; 12:divpadsmit ducis duci duca; 13:trispadsmit; 14:cetrpadsmit; 15:piecpadsmit;
16:sespadsmit; 17:septinpadsmit; 18:astonpadsmit; 19:devinpadsmit; 20:divdesmit; 30:trisdesmit;
40:cetrdesmit; 50:piecdesmit; 60:sesdesmit; 70:septindesmit; 80:astondesmit; 90:devindesmit;
100:simts simtu simti simtiem; 200:divsimt divsimts; 300:trissimt trissimts; 500:piecsimt piecsimts;
1000:tukstotis tukstoti tukstosi tukstosiem"""
_PL = """1:jeden jedna jedno jednego; 2:dwa dwie dwoch dwom dwoma; 3:trzy trzech trzem trzema;
4:cztery czterech; 5:piec pieciu; 6:szesc szesciu; 7:siedem siedmiu; 8:osiem osmiu; 9:dziewiec dziewieciu;
10:dziesiec dziesieciu; 11:jedenascie jedenastu; 12:dwanascie dwunastu tuzin tuzina tuzinow;
13:trzynascie trzynastu; 14:czternascie czternastu; 15:pietnascie pietnastu; 16:szesnascie szesnastu;
17:siedemnascie siedemnastu; 18:osiemnascie osiemnastu; 19:dziewietnascie dziewietnastu;
20:dwadziescia dwudziestu; 30:trzydziesci trzydziestu; 40:czterdziesci czterdziestu;
50:piecdziesiat piecdziesieciu; 60:szescdziesiat szescdziesieciu; 70:siedemdziesiat siedemdziesieciu;
80:osiemdziesiat osiemdziesieciu; 90:dziewiecdziesiat dziewiecdziesieciu; 100:sto stu;
200:dwiescie dwustu; 300:trzysta trzystu; 400:czterysta czterystu; 500:piecset pieciuset;
1000:tysiac tysiaca tysiace tysiecy"""
_IT = """1:uno; 2:due; 3:tre; 4:quattro; 5:cinque; 6:sei; 7:sette; 8:otto; 9:nove; 10:dieci; 11:undici;
12:dodici dozzina dozzine; 13:tredici; 14:quattordici; 15:quindici; 16:sedici; 17:diciassette;
18:diciotto; 19:diciannove; 100:cento; 200:duecento; 300:trecento; 400:quattrocento; 500:cinquecento;
600:seicento; 700:settecento; 800:ottocento; 900:novecento; 1000:mille mila;
10:decina; 15:quindicina; 20:ventina; 30:trentina; 40:quarantina;
50:cinquantina; 100:centinaio"""
_PT = """1:um uma; 2:dois duas; 3:tres; 4:quatro; 5:cinco; 6:seis; 7:sete; 8:oito; 9:nove; 10:dez; 11:onze;
12:doze duzia duzias; 13:treze; 14:catorze quatorze; 15:quinze; 16:dezasseis dezesseis;
17:dezassete dezessete; 18:dezoito; 19:dezanove dezenove; 20:vinte; 30:trinta; 40:quarenta;
50:cinquenta; 60:sessenta;
70:setenta; 80:oitenta; 90:noventa; 100:cem cento; 200:duzentos duzentas; 300:trezentos trezentas;
400:quatrocentos quatrocentas; 500:quinhentos quinhentas; 600:seiscentos; 700:setecentos;
800:oitocentos; 900:novecentos; 1000:mil"""
_RU = """1:один одна одного одной одну; 2:два две двух двум пару пара двое двоих; 3:три трех трем трое троих;
4:четверо четверых; 5:пятеро пятерых; 6:шестеро шестерых; 50:полсотни; 100:сотня сотню сотни;
4:четыре четырех четырем; 5:пять пяти; 6:шесть шести; 7:семь семи; 8:восемь восьми; 9:девять девяти;
10:десять десяти десяток десятка; 11:одиннадцать одиннадцати; 12:двенадцать двенадцати дюжина дюжину дюжины;
13:тринадцать тринадцати; 14:четырнадцать четырнадцати; 15:пятнадцать пятнадцати;
16:шестнадцать шестнадцати; 17:семнадцать семнадцати; 18:восемнадцать восемнадцати;
19:девятнадцать девятнадцати; 20:двадцать двадцати; 30:тридцать тридцати; 40:сорок сорока;
50:пятьдесят пятидесяти; 60:шестьдесят шестидесяти; 70:семьдесят семидесяти; 80:восемьдесят восьмидесяти;
90:девяносто девяноста; 100:сто ста сотня сотни; 200:двести двухсот; 300:триста трехсот;
400:четыреста четырехсот; 500:пятьсот пятисот; 600:шестьсот; 700:семьсот; 800:восемьсот; 900:девятьсот;
1000:тысяча тысячу тысячи тысяч"""


def _italian_compounds() -> dict[str, int]:
    """Italian writes 21–99 as one word with elision: venti+uno → "ventuno", trenta+otto → "trentotto"."""
    tens = {
        "venti": 20,
        "trenta": 30,
        "quaranta": 40,
        "cinquanta": 50,
        "sessanta": 60,
        "settanta": 70,
        "ottanta": 80,
        "novanta": 90,
    }
    units = {"uno": 1, "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6, "sette": 7, "otto": 8, "nove": 9}
    table: dict[str, int] = {}
    for ten_word, ten in tens.items():
        table[ten_word] = ten
        for unit_word, unit in units.items():
            stem = ten_word[:-1] if unit_word[0] in "aeiou" else ten_word
            table[stem + unit_word] = ten + unit
    below_100 = dict(table) | {"dieci": 10, "venti": 20, "quindici": 15, **units}
    for word, value in below_100.items():  # "centoventi", "centocinquanta", "duecentotrenta"
        table["cento" + word] = 100 + value
        table["duecento" + word] = 200 + value
    return table


# Per language, because numeral words collide across languages: Italian "due" (2) is English "due",
# Italian "sei" (6) is Portuguese "sei" ("I know").
NUMBER_WORDS_BY_LANGUAGE: dict[str, dict[str, int]] = {
    "en": _forms(_EN),
    "lt": _forms(_LT),
    "lv": _forms(_LV),
    "pl": _forms(_PL),
    "it": {**_forms(_IT), **_italian_compounds()},
    "pt": _forms(_PT),
    "ru": _forms(_RU),
}
NUMBER_WORDS: dict[str, int] = {}
for _table in NUMBER_WORDS_BY_LANGUAGE.values():
    NUMBER_WORDS.update(_table)
# "uno"/"um"/"uma"/"одна" are articles or pronouns far more often than quantities.
_ARTICLE_LIKE = frozenset({"uno", "um", "uma"})
# Words that multiply what precedes them ("two hundred", "du šimtai", "dwa tysiące").
# A standalone "hundred"/"sto"/"mil" multiplies an implicit one, so all of them can be multipliers.
_MULTIPLIERS = frozenset(w for w, v in NUMBER_WORDS.items() if v in (100, 1000))
_DOZEN_WORDS = word_set(
    "dozen dozens tuzinas tuzina tuzino ducis duci duca tuzin tuzinow dozzina dozzine duzia duzias дюжина "
    "дюжину дюжины десяток десятка сотня сотни"
)
_CONNECTORS = frozenset({"and", "e", "i", "и"})
# "a dozen", "a hundred", "a couple of"
_INDEFINITE = frozenset({"a", "an"})

# Words right before a number that make it a time of day or a rank, not a quantity.
_TIME_BEFORE = frozenset({"at", "alle", "as", "ore", "val", "godz", "godzina", "o", "around"})
_TIMES = word_set("times kartus kartu reizes reizi razy raz volte vezes раза раз")
_DIMENSION_SIGNS = frozenset({"x", "×", "*"})
_TIME_AFTER = word_set(
    "h val am pm godz ч час часа часов ore hrs hr min mm cm m km proc procent percent g gb mb kb mp k d "
    "osios oji ji os th st nd rd gada metu metais roku r года году г anno ano"
)
_DATE_PREPOSITIONS_BEFORE_YEAR = word_set("in em nel w в iki до by until of de do lidz since from к entro")


def _plain_int(token: Token) -> int | None:
    if not token.is_digits or len(token.text) > 7:
        return None
    return int(token.text)


def _is_currency(token: Token | None) -> bool:
    return token is not None and token.text in CURRENCY_WORDS


def number_words_for(language: str | None) -> dict[str, int]:
    """Numeral words of ``language`` (base code), or of all seven languages when it is not one of them."""
    base = (language or "").lower().replace("_", "-").split("-")[0]
    return NUMBER_WORDS_BY_LANGUAGE.get(base, NUMBER_WORDS)


def _collect_numbers(tokens: list[Token], words: dict[str, int]) -> Iterator[tuple[int, int, int]]:
    """Yield (first token index, last token index, value) for every digit group and numeral phrase."""
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        value = _plain_int(tok)
        if value is not None:
            # "1 000" / "1 000 000" written with spaces as thousands separators.
            j = i
            while (
                j + 1 < n
                and len(tokens[j].text) <= 3
                and len(tokens[j + 1].text) == 3
                and tokens[j + 1].is_digits
                and tokens[j + 1].start == tokens[j].end + 1
                and value <= MAX_QUANTITY
            ):
                value = value * 1000 + int(tokens[j + 1].text)
                j += 1
            yield i, j, value
            i = j + 1
            continue
        if tok.text in words or (
            tok.text in _INDEFINITE
            and i + 1 < n
            and tokens[i + 1].text in words
            and words[tokens[i + 1].text] in (12, 100, 1000)
        ):
            total = 0
            current = 0
            # Each added part must be smaller than the one before ("two hundred fifty five"), so two
            # separate numbers ("five twenty") are not summed.
            smallest = MAX_QUANTITY * 10
            j = i
            last = i
            while j < n:
                word = tokens[j].text
                if word in _INDEFINITE and j == i:
                    current = 1
                elif word in words:
                    v = words[word]
                    if word in _DOZEN_WORDS or word in _MULTIPLIERS:
                        current = max(current, 1) * v
                        if v >= 1000 and word not in _DOZEN_WORDS:
                            total += current
                            current = 0
                    elif v < smallest:
                        current += v
                    else:
                        break
                    smallest = v
                elif not (word in _CONNECTORS and j > i and j + 1 < n and tokens[j + 1].text in words):
                    break
                last = j
                j += 1
            value = total + current
            only_article = last == i and tok.text in _ARTICLE_LIKE
            if value and not only_article:
                yield i, last, value
            i = last + 1
            continue
        i += 1


# Words after which a number is a house number: "ul. Ryska 5", "Gedimino pr. 10", "Vilniaus g. 5", "rua do Ouro 12",
# "ул. Ригас 5" (folded; the street's name may stand between: _STREETS_BEFORE).
_STREET_WORDS = frozenset({"g", "pr", "ul", "ulica", "al", "aleja", "iela", "gatve", "prospektas", "st", "str",
                           "street", "rd", "road", "avenue", "ave", "ул", "улица", "пр", "проспект"})  # fmt: skip
_STREETS_BEFORE = frozenset({"via", "viale", "piazza", "corso", "rua", "avenida", "av", "ul", "ул", "улица", "iela",
                             "street"})  # fmt: skip


# "budget 350", "biudžetas iki 350", "бюджет 350": an amount of money, never how many (a website order was for 350).
BUDGET_WORDS = frozenset({"budget", "budgets", "biudzetas", "biudzeto", "biudzetu", "budzets", "budzeta", "budzet",
                          "budzetu", "bilancio", "orcamento", "presupuesto", "бюджет", "бюджета", "бюджетом",
                          "byudzhet"})  # fmt: skip


def _is_excluded(tokens: list[Token], first: int, last: int, value: int) -> bool:
    """True when the number at tokens[first..last] is a price, date, time, span or part of a name."""
    prev = tokens[first - 1] if first > 0 else None
    prev2 = tokens[first - 2] if first > 1 else None
    nxt = tokens[last + 1] if last + 1 < len(tokens) else None
    nxt2 = tokens[last + 2] if last + 2 < len(tokens) else None
    head = tokens[first]
    tail = tokens[last]
    glued_prev = prev is not None and prev.end == head.start
    glued_next = nxt is not None and nxt.start == tail.end

    # Prices: "5 eur", "5€", "€5", "€ 5", "5,50 €", "PLN 100"; a budget without its currency: "budget 350".
    if _is_currency(nxt) or _is_currency(prev):
        return True
    if any(t is not None and t.text in BUDGET_WORDS for t in (prev, prev2)):
        return True
    if (
        nxt is not None
        and nxt.text in {",", "."}
        and glued_next
        and nxt2 is not None
        and nxt2.is_digits
        and nxt2.start == nxt.end
    ):
        # "5,50" / "12.12" / "10.30": a decimal, a numeric date or a time, never a count.
        return True
    if (
        prev is not None
        and prev.text in {",", ".", ":", "/", "-", "+"}
        and glued_prev
        and prev2 is not None
        and prev2.is_digits
    ):
        return True
    if glued_next and nxt is not None and nxt.text in {":", "/", "%", "-"}:
        return True
    if glued_prev and prev is not None and prev.text in {"+", "#", "№", "-"}:
        return True
    if (prev is not None and prev.is_digits) or (nxt is not None and nxt.is_digits and head.is_digits):
        return True  # a run of bare numbers: a phone number, an id, a table
    before = [t.text for t in tokens[max(0, first - 4) : first] if t.text != "."][-2:]  # "ул. Ригас 5", "pr. 10"
    if (before and before[-1] in _STREET_WORDS) or any(w in _STREETS_BEFORE for w in before):
        return True  # a house number (200 websites were asked of "via Toledo 200")
    # Dates: "12 grudnia", "gruodžio 12", "December 12th", "2026".
    if nxt is not None and (is_month_word(nxt.text) or nxt.text in MONTH_EXACT):
        return True
    if prev is not None and (is_month_word(prev.text) or prev.text in MONTH_EXACT):
        return True
    if (
        nxt is not None
        and nxt.text == "."
        and nxt2 is not None
        and (is_month_word(nxt2.text) or nxt2.text in MONTH_EXACT)
    ):
        return True  # Latvian "12. decembrī"
    # Dimensions and frequencies: "20 x 30 cm", "2 razy w tygodniu", "3 times a week".
    if (nxt is not None and nxt.text in _TIMES) or (prev is not None and prev.text in _DIMENSION_SIGNS):
        return True
    if nxt is not None and nxt.text in _DIMENSION_SIGNS and nxt2 is not None and nxt2.is_digits:
        return True
    # Spans and times: "za 3 dni", "in 2 weeks", "10 val", "at 10", "50%".
    if nxt is not None and (nxt.text in TIME_UNITS or nxt.text in _TIME_AFTER):
        return True
    if prev is not None and prev.text in _TIME_BEFORE and value <= 24:
        return True
    year_like = 1900 <= value <= 2100 and head.is_digits and len(head.text) == 4
    after_date_word = prev is not None and prev.text in _DATE_PREPOSITIONS_BEFORE_YEAR
    return year_like and (nxt is None or after_date_word)


_HEART = re.compile(r"<3+(?!\d)")


def extract_quantity(text: str, language: str) -> int | None:
    """Return the number of items/people the person needs, or None when no quantity is stated.

    Digits are understood in any language; numeral words only in ``language`` (a code like "pt" or
    "pt-BR"), or in all seven languages when ``language`` is not one of them ("unknown").
    """
    text = _units_apart(_HEART.sub(" ", text))  # "<3" is a heart, not 3; "6kg" is 6
    tokens = [t for t in tokenize(fold(text)) if t.text.strip()]
    fallback: int | None = None
    candidates = _collect_numbers(tokens, number_words_for(language))
    for first, last, value in islice(candidates, _MAX_CANDIDATES):
        if not MIN_QUANTITY <= value <= MAX_QUANTITY:
            continue
        if _is_excluded(tokens, first, last, value):
            continue
        if value == 1 and not tokens[first].is_digits:
            # "one"/"viena"/"jeden" is as often a pronoun ("no one", "the one in Riga") as a count:
            # use it only when nothing better is stated.
            fallback = fallback or value
            continue
        return value
    return fallback


_ATTACHED_UNIT = re.compile(r"(\d)([^\W\d_]+)\b")  # "6kg", "40ppl", "5шт": the unit written onto the number


def _units_apart(text: str) -> str:
    """ "6kg" → "6 kg": a unit written onto its number is a word of its own (the number was lost with it);
    other letters stay on ("3D", "A4", "2x")."""
    return _ATTACHED_UNIT.sub(lambda m: f"{m[1]} {m[2]}" if _unit_of(fold(m[2])) else m[0], text)


def quantity_unit(text: str, quantity: int, language: str) -> str | None:
    """The unit ``quantity`` is said in ("6 kg", "na 40 osób", "3 valandos", "20 szt."), as a price unit of the
    offers ("kg", "person", "hour", "item"), or None when it is counted in things ("40 cupcakes") or not said.
    Only the unit right after that number counts: "2 torty po 3 kg" gives no unit for 2."""
    tokens = [t for t in tokenize(fold(_units_apart(_HEART.sub(" ", text)))) if t.text.strip()]
    for _first, last, value in islice(_collect_numbers(tokens, number_words_for(language)), _MAX_CANDIDATES):
        if value == quantity and last + 1 < len(tokens):
            found = _unit_of(tokens[last + 1].text)
            if found is not None:
                return found
    return None


def _unit_of(word: str) -> str | None:
    return next((unit for unit, words in QUANTITY_UNITS.items() if word in words), None)
