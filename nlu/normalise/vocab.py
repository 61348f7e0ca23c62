"""Folded word tables shared by the normalisers: months, weekdays, time units and currencies.

All entries are in the folded form produced by ``_text.fold`` (lower case, no Latin diacritics,
Cyrillic kept). Inflected forms are covered either by listing them or by a stem prefix; stems were
chosen long enough not to swallow common words ("settimana" is not "settembre", "dezenas" is not
"dezembro", "lutowanie" is not "luty"), and month words are only ever used next to a day number.
"""

from __future__ import annotations

from domain.search.stopwords import CURRENCIES
from domain.search.stopwords import word_set as word_set

# Month stems per month number. lt uses the genitive before the day ("gruodžio 12"), lv the
# locative/dative after "12." ("12. decembrī", "līdz 12. decembrim"), pl/ru the genitive after the day
# ("12 grudnia", "12 декабря").
_MONTH_PREFIXES: dict[int, tuple[str, ...]] = {
    1: ("janu", "janv", "janei", "styczn", "styczen", "genna", "январ"),
    2: ("febr", "febb", "feverei", "luty", "lutego", "vasari", "феврал"),
    3: ("march", "marz", "марта", "март"),
    4: ("april", "abril", "kwie", "baland", "апрел"),
    5: ("maij", "magg", "geguz"),
    6: ("june", "junij", "junh", "czerwc", "czerwiec", "giugn", "birzel", "июн"),
    7: ("july", "julij", "julh", "lipie", "lipca", "lugli", "liepos", "июл"),
    8: ("augus", "sierp", "agost", "rugpj", "август"),
    9: ("septem", "settem", "setem", "wrzes", "rugsej", "сентябр"),
    10: ("octob", "oktob", "pazdz", "ottob", "outub", "spalio", "spalis", "октябр"),
    11: ("novem", "listopad", "lapkri", "ноябр"),
    12: ("decem", "grudz", "grudn", "dicem", "dezem", "gruod", "декабр"),
}
# Short or ambiguous month words accepted only as whole tokens ("sausainiai" are biscuits, "martedì" is
# Tuesday, "czerwony" is red, "marca" is also an Italian brand but "12 marca" is Polish for 12 March).
MONTH_EXACT: dict[str, int] = {
    "jan": 1,
    "sausis": 1,
    "sausio": 1,
    "sausi": 1,
    "feb": 2,
    "mar": 3,
    "marts": 3,
    "marta": 3,
    "martu": 3,
    "martam": 3,
    "marca": 3,
    "marco": 3,
    "kovo": 3,
    "kovas": 3,
    "kovui": 3,
    "kova": 3,
    "apr": 4,
    "may": 5,
    "maj": 5,
    "maja": 5,
    "maju": 5,
    "maio": 5,
    "мая": 5,
    "май": 5,
    "мае": 5,
    "jun": 6,
    "jul": 7,
    "liepa": 7,
    "lipiec": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "okt": 10,
    "nov": 11,
    "dec": 12,
    "dez": 12,
    "dic": 12,
}


def month_of(word: str) -> int | None:
    """Month number of a folded month word in any of the seven languages, any case, or None."""
    if word in MONTH_EXACT:
        return MONTH_EXACT[word]
    if len(word) < 4 or len(word) > 20:
        return None
    for month, prefixes in _MONTH_PREFIXES.items():
        if word.startswith(prefixes):
            return month
    return None


def is_month_word(word: str) -> bool:
    """True for a folded month name or inflected form."""
    return month_of(word) is not None


# Weekday forms (0 = Monday). Each language's nominative plus the cases used for deadlines:
# lt "iki penktadienio"/"penktadienį", lv "līdz piektdienai"/"piektdien", pl "do piątku"/"w piątek",
# ru "к пятнице"/"в пятницу"/"до пятницы", it "entro venerdì", pt "até sexta(-feira)", en "by Friday".
_WEEKDAY_FORMS: dict[int, str] = {
    0: "pirmadienis pirmadienio pirmadieni pirmadieniui pirmadieny pirmdiena pirmdien pirmdienai pirmdienas "
    "pirmdienu poniedzialek poniedzialku poniedzialkiem lunedi monday mondays segunda-feira "
    "понедельник понедельника понедельнику понедельнике",
    1: "antradienis antradienio antradieni antradieniui antradieny otrdiena otrdien otrdienai otrdienas "
    "otrdienu wtorek wtorku wtorkiem martedi tuesday terca-feira вторник вторника вторнику вторнике",
    2: "treciadienis treciadienio treciadieni treciadieniui treciadieny tresdiena tresdien tresdienai "
    "tresdienas tresdienu sroda srode srody srodzie sroda wednesday mercoledi quarta-feira",
    3: "ketvirtadienis ketvirtadienio ketvirtadieni ketvirtadieniui ketvirtadieny ceturtdiena ceturtdien "
    "ceturtdienai ceturtdienas ceturtdienu czwartek czwartku czwartkiem giovedi thursday quinta-feira "
    "четверг четверга четвергу четверге",
    4: "penktadienis penktadienio penktadieni penktadieniui penktadieny piektdiena piektdien piektdienai "
    "piektdienas piektdienu piatek piatku piatkiem venerdi friday sexta-feira "
    "пятница пятницу пятницы пятнице",
    5: "sestadienis sestadienio sestadieni sestadieniui sestadieny sestdiena sestdien sestdienai sestdienas "
    "sestdienu sobota sobote soboty sobocie sabato saturday sabado суббота субботу субботы субботе",
    6: "sekmadienis sekmadienio sekmadieni sekmadieniui sekmadieny svetdiena svetdien svetdienai "
    "svetdienas svetdienu niedziela niedziele niedzieli domenica sunday domingo "
    "воскресенье воскресенья воскресенью",
}
WEEKDAYS: dict[str, int] = {form: day for day, forms in _WEEKDAY_FORMS.items() for form in forms.split()}
# Portuguese weekdays without "-feira" are also ordinals ("segunda mão" = second-hand) and Russian
# "среда" also means "environment", so these count only after a preposition or "next".
WEEKDAYS_NEED_CONTEXT: dict[str, int] = {
    "segunda": 0,
    "terca": 1,
    "quarta": 2,
    "quinta": 3,
    "sexta": 4,
    "среда": 2,
    "среду": 2,
    "среды": 2,
    "среде": 2,
}
WEEKDAY_CONTEXT_BEFORE = frozenset(
    {
        "ate",
        "na",
        "no",
        "para",
        "a",
        "de",
        "esta",
        "nesta",
        "desta",
        "proxima",
        "dia",
        "в",
        "во",
        "к",
        "до",
        "на",
        "по",
        "эту",
        "следующую",
        "следующей",
        "ближайшую",
        "со",
        "с",
        "след",
    }
)

# Units of a time span, by unit: "po 3 dienų", "pēc 2 nedēļām", "za tydzień", "через 3 дня".
DAY_UNITS = word_set(
    "diena dienos dienu dienas dienai dienam dienom day days dzien dni dnia giorno giorni dia dias день дня дней дню"
)
WEEK_UNITS = word_set(
    "savaite savaites savaiciu savaitem savaitei nedela nedelas nedelam nedelu nedelai week weeks tydzien "
    "tygodnie tygodni tygodnia tygodniu settimana settimane semana semanas неделя неделю недели недель "
    "неделе"
)
MONTH_UNITS = word_set(
    "menuo menesio menesius menesiu menesi menesis menesa menesiem menesu month months miesiac miesiace "
    "miesiecy miesiaca miesiacu mese mesi mes meses месяц месяца месяцев месяце"
)
TIME_UNITS = (
    DAY_UNITS
    | WEEK_UNITS
    | MONTH_UNITS
    | word_set(
        "hour hours hodina valanda valandos valandu stunda stundas stundam godzina godziny godzin ora ore "
        "hora horas час часа часов minute minutes minuciu minut minuti minutos минут минуты year years metai "
        "metu gads gadi gadus rok lata lat anno anni ano anos год года лет"
    )
)

# The unit a quantity is counted in, as the offers' price units are (domain.models.PriceUnit): "6 kg", "40 žmonių",
# "3 valandos", "20 szt." (numbers.quantity_unit). Folded; a word is a unit only right after the number.
QUANTITY_UNITS: dict[str, frozenset[str]] = {
    "kg": word_set(
        "kg kgs kilo kilos kilogram kilograms kilogramas kilogramai kilogramu kilogramus kilogrami kilogramiem "
        "kilogramy kilogramow kilograma kilogramow chilo chili chilogrammo chilogrammi quilo quilos quilograma "
        "quilogramas кг кило килограмм килограмма килограммов килограмма kilogramm kilogramma kilogrammov"
    ),
    "person": word_set(
        "people persons person pax guests guest ppl zmones zmoniu zmonems zmogus zmogui asmenys asmenu asmenims "
        "sveciu sveciai cilveki cilvekiem cilveku cilvekus personas personam personu viesi viesiem viesu osob "
        "osoby osobe osobom gosci goscie persone persona ospiti pessoas pessoa convidados человек человека "
        "чел персон персоны гостей гостя гостям chelovek cheloveka gostej"
    ),
    "hour": word_set(
        "h hr hrs hour hours val valanda valandos valandu valandas stunda stundas stundam stundu godz godzina "
        "godziny godzin ora ore hora horas час часа часов ч chas chasa chasov"
    ),
    "item": word_set(
        "pcs pc piece pieces item items unit units vnt vienetai vienetu vienetus vienetas gab gabali gabalus gabalu "
        "gabals szt sztuk sztuki sztuka pezzi pezzo pz unita pecas peca unidades unidade un шт штук штуки штука "
        "sht shtuk"
    ),
}

# Folded currency words and symbols -> ISO 4217: one table for the NLU and search (domain.search.stopwords).
CURRENCY_WORDS = frozenset(CURRENCIES)
