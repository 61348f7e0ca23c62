"""Resolve a deadline in a chat message ("iki penktadienio", "do 12 grudnia", "через 3 дня") to a date.

Why not just dateparser: it does not know most Lithuanian/Latvian/Polish/Russian inflected forms
("penktadienio", "piektdienai", "piątku", "пятнице", "gruodžio", "decembrī"), needs diacritics that
users often skip, is slow to import, and its relative-date guesses depend on settings. Deadlines in this
marketplace come in a handful of shapes, so we fold the text (lower case, no Latin diacritics), look the
words up in our own tables (``vocab``) and do the calendar arithmetic ourselves, deterministically.

Decisions (documented because every one of them is a judgement call):

* ``now`` is the message time; its own ``date()`` is "today" (the caller passes it in the user's zone).
* A weekday means its next occurrence strictly after today: "by Friday" said on a Friday means the
  Friday a week later (a deadline of "today" would be said as "today").
* "next Friday" / "kitą penktadienį" / "w przyszły piątek" / "в следующую пятницу" means the Friday of
  the *following calendar week* (Monday-based), which is how most people who add "next" mean it.
* "next week" → the Monday of next week; "next month" → the 1st of next month; "end of the month" →
  its last day; "end of the week" → this week's Friday (next week's, if today is Saturday or Sunday).
* "within a week" / "per savaitę" / "in 3 days" / "za 3 dni" → today + 7 / + 3.
* A day + month without a year that has already passed this year means next year.
* Numeric dates are day-first ("12.11" = 12 November) as everywhere in the five countries; an English
  message whose day-first reading is impossible ("12/25") is read month-first.
* Explicit dates (day + month, numeric) win over relative words; otherwise the first expression wins.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from domain.search.translit import looks_like_translit_russian, to_cyrillic
from nlu.normalise._text import Token, fold, words_of
from nlu.normalise.numbers import NUMBER_WORDS
from nlu.normalise.vocab import (
    CURRENCY_WORDS,
    DAY_UNITS,
    MONTH_UNITS,
    WEEK_UNITS,
    WEEKDAY_CONTEXT_BEFORE,
    WEEKDAYS,
    WEEKDAYS_NEED_CONTEXT,
    month_of,
    word_set,
)

_TODAY = frozenset({"today", "siandien", "siandiena", "sodien", "dzis", "dzisiaj", "oggi", "hoje", "сегодня"})
_TOMORROW = frozenset({"tomorrow", "tmrw", "tmr", "tomoz", "rytoj", "ryt", "rit", "ritdien", "jutro", "domani",
                       "amanha", "завтра", "zavtra"})  # fmt: skip
_DAY_AFTER = frozenset({"poryt", "parit", "paritdien", "pojutrze", "dopodomani", "послезавтра",
                        "poslezavtra"})  # fmt: skip

_NEXT = frozenset(
    {
        "next",
        "kita",
        "kito",
        "kitam",
        "kitos",
        "kitoje",
        "kitame",
        "nakamaja",
        "nakamo",
        "nakama",
        "nakamajai",
        "nakamas",
        "nakamajam",
        "nakoso",
        "nakosa",
        "nakosaja",
        "przyszly",
        "przyszlym",
        "przyszla",
        "przyszlej",
        "przyszle",
        "przyszlego",
        "nastepny",
        "nastepna",
        "nastepnym",
        "nastepnej",
        "nastepnego",
        "prossimo",
        "prossima",
        "proxima",
        "proximo",
        "следующую",
        "следующий",
        "следующей",
        "следующего",
        "следующая",
        "следующем",
        "след",
    }
)
_NEXT_WEEK_WORDS = frozenset({"nakamnedel", "nakamnedela", "nakosnedel"})
_END = word_set(
    "end pabaigos pabaiga pabaigai pabaigoje galo galas gala gale beigam beigas beigu konca koniec koncem fine fim "
    "final конца конец концу"
)
# Words that turn "N days/weeks" into a deadline: "po 3 dienų", "per savaitę", "pēc 2 nedēļām",
# "za tydzień", "w ciągu 3 dni", "tra/fra/entro 2 settimane", "em/dentro de/daqui a 3 dias",
# "in/within 3 days", "через 3 дня", "в течение недели".
_SPAN_PREPOSITIONS = frozenset(
    {
        "po",
        "per",
        "pec",
        "za",
        "ciagu",
        "tra",
        "fra",
        "entro",
        "em",
        "numa",
        "num",
        "dentro",
        "daqui",
        "in",
        "within",
        "через",
        "течение",
    }
)
_ITALIAN_UNITS = frozenset({"giorno", "giorni", "settimana", "settimane", "mese", "mesi"})
_ONE = frozenset({"a", "an", "one", "una", "un", "uma", "um", "numa", "num"})
_LATVIAN_WITHIN = "laika"
_DAY_TOKEN_RE = re.compile(r"(\d{1,2})(?:st|nd|rd|th|a|o|os|osios|ji|oji|go|ego)?")
_YEAR_RE = re.compile(r"(20\d\d)")
_ISO_RE = re.compile(r"(?<![\d.,/])(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_NUMERIC_RE = re.compile(r"(?<![\d.,/:\-])(\d{1,2})([./])(\d{1,2})(?:[./](\d{4}|\d{2}))?(?![\d])(?![.,/:]\d)")
_UNIT_AFTER_NUMBER = (
    frozenset({"kg", "g", "l", "ml", "m", "cm", "mm", "km", "h", "val", "x", "%", "proc", "godz", "ч", "lt"})
    | CURRENCY_WORDS
)


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _make_date(year: int | None, month: int, day: int, today: date) -> date | None:
    """Build a date; without a year, the next such day on or after today."""
    try:
        if year is not None:
            return date(year, month, day)
        candidate = date(today.year, month, day)
        if candidate < today:
            candidate = date(today.year + 1, month, day)
        return candidate
    except ValueError:
        return None


_DAY_BEFORE_MONTH_REACH = 5  # "dia 20 do próximo mês", "20th of next month", "do 20 przyszłego miesiąca"


def _next_weekday(today: date, weekday: int) -> date:
    """Next occurrence of ``weekday`` strictly after today."""
    ahead = (weekday - today.weekday()) % 7
    return today + timedelta(days=ahead or 7)


def _next_week_monday(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())


def _numeric(folded: str, language: str, today: date) -> tuple[int, date] | None:
    iso = _ISO_RE.search(folded)
    if iso:
        try:
            return iso.start(), date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            pass
    for match in _NUMERIC_RE.finditer(folded):
        before = folded[max(0, match.start() - 2) : match.start()].strip()
        after = words_of(folded[match.end() : match.end() + 12])
        symbol_after = folded[match.end() : match.end() + 2].strip()[:1]
        if before in CURRENCY_WORDS or symbol_after in CURRENCY_WORDS or symbol_after == "%":
            continue
        if after and after[0].start <= 1 and after[0].text in _UNIT_AFTER_NUMBER:
            continue
        first, second = int(match.group(1)), int(match.group(3))
        year_text = match.group(4)
        year = None
        if year_text is not None:
            year = int(year_text) + 2000 if len(year_text) == 2 else int(year_text)
        resolved = _make_date(year, second, first, today)
        if resolved is None and language.startswith("en") and match.group(2) == "/":
            resolved = _make_date(year, first, second, today)
        if resolved is not None:
            return match.start(), resolved
    return None


# Days said in words next to a month: "il quindici dicembre", "iki gruodžio dvidešimto", "do dwudziestego grudnia",
# "the twentieth of December", "до двадцатого декабря". Ordinal stems (folded; the longest that opens the word
# wins, so "penkiolikto" is 15, not "penkt" 5). Only read beside a month name: alone, "penkt…" is Friday.
_ORDINAL_DAYS: dict[str, int] = {
    stem: day
    for day, stems in {
        1: "first pirm pierwsz перв primo primeiro", 2: "second antr otr drug втор", 3: "third trec tres trzec трет",
        4: "fourth ketvirt ceturt czwart четверт", 5: "fifth penkt piekt piat пят", 6: "sixth sest szost шест",
        7: "seventh septint septit siodm седьм", 8: "eighth astunt astot osm восьм",
        9: "ninth devint devit dziewiat девят", 10: "tenth desimt desmit dziesiat десят",
        11: "eleventh vienuolikt vienpadsmit jedenast одиннадцат", 12: "twelfth dvylikt divpadsmit dwunast двенадцат",
        13: "thirteenth trylikt trispadsmit trzynast тринадцат",
        14: "fourteenth keturiolikt cetrpadsmit czternast четырнадцат",
        15: "fifteenth penkiolikt piecpadsmit pietnast пятнадцат",
        16: "sixteenth sesiolikt sespadsmit szesnast шестнадцат",
        17: "seventeenth septyniolikt septinpadsmit siedemnast семнадцат",
        18: "eighteenth astuoniolikt astonpadsmit osiemnast восемнадцат",
        19: "nineteenth devyniolikt devinpadsmit dziewietnast девятнадцат",
        20: "twentieth dvidesimt divdesmit dwudziest двадцат", 30: "thirtieth trisdesimt trisdesmit trzydziest тридцат",
    }.items()
    for stem in stems.split()
}  # fmt: skip
_ORDINAL_STEMS = sorted(_ORDINAL_DAYS, key=len, reverse=True)


def _day_number(token: Token | None) -> int | None:
    if token is None:
        return None
    match = _DAY_TOKEN_RE.fullmatch(token.text)
    if not match:
        return _day_in_words(token.text)
    day = int(match.group(1))
    return day if 1 <= day <= 31 else None


def _day_in_words(word: str) -> int | None:
    """A day of the month said as a number word ("quindici", "vinte") or an ordinal ("dvidešimto", "twentieth")."""
    cardinal = NUMBER_WORDS.get(word)
    if cardinal is not None:
        return cardinal if 1 <= cardinal <= 31 else None
    if word in WEEKDAYS or word in WEEKDAYS_NEED_CONTEXT:  # "penktadienį", "piątek": a weekday, not the 5th
        return None
    stem = next((s for s in _ORDINAL_STEMS if word.startswith(s)), None)
    return _ORDINAL_DAYS[stem] if stem is not None else None


def _year_near(words: list[Token], index: int, today: date) -> int | None:
    """A year written near the month: not an amount ("by 20 December, budget 2000 euro" was 20 December 2000, and
    the enquiry's date long past) and none before last year (no need is dated then)."""
    for j in range(max(0, index - 3), min(len(words), index + 4)):
        match = _YEAR_RE.fullmatch(words[j].text)
        if not match or int(match.group(1)) < today.year - 1:
            continue
        beside = {words[k].text for k in (j - 1, j + 1) if 0 <= k < len(words)}
        if not beside & CURRENCY_WORDS:
            return int(match.group(1))
    return None


def _day_month(words: list[Token], today: date) -> tuple[int, date] | None:
    for i, word in enumerate(words):
        month = month_of(word.text)
        if month is None:
            continue
        prev = words[i - 1] if i > 0 else None
        day = _day_number(prev)
        start = prev.start if prev is not None else word.start
        if day is None and prev is not None and prev.text in {"de", "of", "di"} and i > 1:
            day = _day_number(words[i - 2])
            start = words[i - 2].start
        if day is None:
            day = _day_number(words[i + 1] if i + 1 < len(words) else None)
            start = word.start
        if day is None:
            continue
        resolved = _make_date(_year_near(words, i, today), month, day, today)
        if resolved is not None:
            return start, resolved
    return None


def _month_end(words: list[Token], today: date) -> tuple[int, date] | None:
    """ "Until the end of March", "līdz marta beigām", "do końca marca", "entro fine febbraio", "до конца марта":
    the last day of that month (this year's, or next year's once it has passed)."""
    for i, word in enumerate(words):
        month = month_of(word.text)
        if month is None:
            continue
        near = [w.text for w in words[max(0, i - 3) : i + 3] if w is not word]
        if not any(w in _END for w in near):
            continue
        year = _year_near(words, i, today) or today.year
        last = date(year, month, calendar.monthrange(year, month)[1])
        if last < today and _year_near(words, i, today) is None:
            last = date(year + 1, month, calendar.monthrange(year + 1, month)[1])
        return words[max(0, i - 3)].start, last
    return None


def _span_count(words: list[Token], unit_index: int) -> int | None:
    """Number of units in "<preposition> [N] <unit>" ending at ``unit_index``, or None if not a deadline."""
    unit = words[unit_index]
    after = words[unit_index + 1].text if unit_index + 1 < len(words) else ""
    j = unit_index - 1
    count = 1
    if j >= 0:
        text = words[j].text
        if words[j].is_digits and len(text) <= 3:
            count = int(text)
            j -= 1
        elif text in _ONE:
            j -= 1
        elif text in NUMBER_WORDS:
            count = NUMBER_WORDS[text]
            j -= 1
    if after == _LATVIAN_WITHIN:  # "nedēļas laikā", "3 dienu laikā"
        return count
    if j < 0:
        return None
    prep = words[j].text
    if prep in {"de", "a"} and j > 0:  # "dentro de 3 dias", "daqui a 2 semanas"
        prep = words[j - 1].text
    if prep not in _SPAN_PREPOSITIONS:
        return None
    if prep == "per" and unit.text in _ITALIAN_UNITS:  # Italian "per 3 giorni" is a duration
        return None
    return count


_END_FILLERS = frozenset({"of", "the", "this", "do", "da", "del", "della", "dello", "este", "deste", "desta"})


def _is_end_of(words: list[Token], index: int) -> bool:
    """ "end of the month", "fim do mês", "fine mese", "do końca miesiąca", "mėnesio pabaigos", and of the next
    one: "end of next week", "до конца следующей недели", "kitos savaitės pabaigoje" (the caller adds the week)."""
    after = index + 1
    if after < len(words) and words[after].text in _NEXT:  # "fine della settimana prossima"
        after += 1
    if after < len(words) and words[after].text in _END:
        return True
    j = index - 1
    while j >= 0 and index - j <= 4 and (words[j].text in _END_FILLERS or words[j].text in _NEXT):
        j -= 1
    return j >= 0 and words[j].text in _END


def _says_next(words: list[Token], index: int) -> bool:
    """The unit or weekday at ``index`` is the next one: "next week", "settimana prossima", "sexta que vem"."""
    prev = words[index - 1].text if index > 0 else ""
    nxt = words[index + 1].text if index + 1 < len(words) else ""
    que_vem = nxt == "que" and index + 2 < len(words) and words[index + 2].text == "vem"
    return prev in _NEXT or nxt in _NEXT or que_vem


def _relative(words: list[Token], today: date) -> tuple[int, date] | None:
    for i, word in enumerate(words):
        text = word.text
        prev = words[i - 1].text if i > 0 else ""
        nxt = words[i + 1].text if i + 1 < len(words) else ""
        if text in _TODAY:
            return word.start, today
        if text in _TOMORROW:
            depois = prev == "de" and i > 1 and words[i - 2].text == "depois"
            if prev in {"after", "dopo"} or depois:
                return words[i - 1].start, today + timedelta(days=2)
            return word.start, today + timedelta(days=1)
        if text in _DAY_AFTER:
            return word.start, today + timedelta(days=2)
        if text in _NEXT_WEEK_WORDS:
            return word.start, _next_week_monday(today)
        weekday = WEEKDAYS.get(text)
        if (
            weekday is None
            and text in WEEKDAYS_NEED_CONTEXT
            and (prev in WEEKDAY_CONTEXT_BEFORE or _says_next(words, i) or nxt in {"feira", "feiras"})
        ):
            weekday = WEEKDAYS_NEED_CONTEXT[text]
        if weekday is not None:
            if _says_next(words, i):
                return word.start, _next_week_monday(today) + timedelta(days=weekday)
            return word.start, _next_weekday(today, weekday)
        if text in WEEK_UNITS or text in MONTH_UNITS or text in DAY_UNITS:
            is_month = text in MONTH_UNITS
            if text not in DAY_UNITS and _is_end_of(words, i):
                ahead = _says_next(words, i) or (i > 1 and words[i - 2].text in _NEXT)  # "конца следующей недели"
                if is_month:
                    month = _add_months(today.replace(day=1), 1) if ahead else today
                    last = calendar.monthrange(month.year, month.month)[1]
                    return word.start, month.replace(day=last)
                if ahead:  # the Friday of next week, not its Monday (a whole week early)
                    return word.start, _next_week_monday(today) + timedelta(days=4)
                friday = today + timedelta(days=4 - today.weekday())
                return word.start, friday if friday >= today else friday + timedelta(days=7)
            if text not in DAY_UNITS and _says_next(words, i):
                if is_month:  # "by the 20th of next month", "do 20 przyszłego miesiąca": that day of it
                    first = _add_months(today.replace(day=1), 1)
                    # the day said nearest before "next month": "somos 30 pessoas, … dia 20 do próximo mês" is the
                    # 20th (it was the 30th), a day anywhere else only when none is near
                    near = reversed(words[max(0, i - _DAY_BEFORE_MONTH_REACH) : i])
                    day = next(filter(None, (_DAY_TOKEN_RE.fullmatch(w.text) and _day_number(w) for w in near)), None)
                    day = day or next(
                        filter(None, (_DAY_TOKEN_RE.fullmatch(w.text) and _day_number(w) for w in words)), None
                    )
                    last = calendar.monthrange(first.year, first.month)[1]
                    return word.start, first.replace(day=min(day, last)) if day else first
                return word.start, _next_week_monday(today)
            count = _span_count(words, i)
            if count is not None and 0 < count <= 366:
                if is_month:
                    return word.start, _add_months(today, count)
                days = count * 7 if text in WEEK_UNITS else count
                return word.start, today + timedelta(days=days)
    return None


def resolve_date(text: str, language: str, now: datetime) -> date | None:
    """Return the deadline/date mentioned in ``text`` resolved against ``now``, or None if there is none.

    ``language`` ("lt", "lv", "en", "pl", "it", "pt", "ru" or anything else) only breaks ties that
    depend on it (month-first numeric dates in English); all languages' words are always recognised,
    because users mix languages and the detected language may be wrong.
    """
    if not text:
        return None
    today = now.date()
    folded = fold(text)
    words = words_of(folded)
    language = (language or "").lower()
    explicit = [hit for hit in (_numeric(folded, language, today), _day_month(words, today), _month_end(words, today))
                if hit]  # fmt: skip
    if explicit:
        return min(explicit, key=lambda hit: hit[0])[1]
    named_day = _weekday_with_day(words, today)
    if named_day is not None:
        return named_day
    relative = _relative(words, today)
    return relative[1] if relative else None


_DAY_NUMBER = re.compile(r"(\d{1,2})(?:st|nd|rd|th|o|a|º|ª)?")
_BETWEEN_WEEKDAY_AND_DAY = frozenset({"the", "dia", "il", "den", "dnia", "de", "o"})


def _weekday_with_day(words: list[Token], today: date) -> date | None:
    """A weekday followed by its day of the month ("friday the 18th", "até sexta dia 18", "до пятницы 18-го",
    "entro venerdì 18", "thursday 17th"): that day, not the next such weekday (the 11th said on Sunday the 6th)."""
    for i, word in enumerate(words):
        weekday = WEEKDAYS.get(word.text, WEEKDAYS_NEED_CONTEXT.get(word.text))
        if weekday is None:
            continue
        for following in words[i + 1 : i + 3]:
            match = _DAY_NUMBER.fullmatch(following.text)
            if match is not None and 1 <= int(match.group(1)) <= 31:
                day = _next_day_of_month(int(match.group(1)), today)
                # only when that day is that weekday: "friday 5 pm", "monday 30 people" are no dates
                return day if day is not None and day.weekday() == weekday else None
            if following.text not in _BETWEEN_WEEKDAY_AND_DAY:
                break
    return None


_TYPO_MIN_LETTERS = 6
# The days people name a deadline by (folded stems): Christmas Eve, Christmas, New Year's Eve.
_HOLIDAYS: dict[tuple[int, int], tuple[str, ...]] = {
    (12, 24): ("christmas eve", "kuciu", "kucios", "kucioms", "ziemassvetku vakar", "wigili", "vigilia",
               "vespera de natal", "сочельник"),
    (12, 25): ("christmas", "kaledos", "kaledu", "kaledoms", "ziemassvetk", "boze narodzen", "natale", "natal",
               "рождеств"),
    (12, 31): ("new year s eve", "new years eve", "silvestr", "sylwest", "san silvestro", "passagem de ano",
               "gada beig", "fim do ano", "fine anno", "fine dell anno", "koniec roku", "metu pabaig",
               "конец года", "конца года", "новый год", "нового года"),
}  # fmt: skip
# "il 18", "dia 18", "18 d.", "18. datumam", "к 18-му", "18-го": a day of this (or next) month.
_DAY_OF_MONTH_IN_WORDS = re.compile(r"\b(?:il|dia|day|the|dnia)\s+(\w+)[\s.!]*$")
_DAY_OF_MONTH = re.compile(r"(?:^|\b(?:il|dia|day|the|dnia|до|к|ko|iki|lidz|na|entro|ate)\s+)(\d{1,2})"
                           r"(?:\s*(?:d\b|\.|-?го|-?му|th|st|nd|rd|datum\w*|числа))*[\s.!]*$"
                           r"|(\d{1,2})\s*-?(?:го|му)(?:\s+числа)?[\s.!]*$")  # fmt: skip


# A weekday given alone as the answer to "by when?": words that need context elsewhere (pt "sexta" is also
# "sixth") and abbreviations ("fri", "сб"). Monday is 0.
_WEEKDAY_ALONE: dict[str, int] = {
    **WEEKDAYS_NEED_CONTEXT,
    **{w: i for i, ws in enumerate(("mon", "tue tues", "wed", "thu thur thurs", "fri", "sat", "sun"))
       for w in ws.split()},
    **{w: i for i, w in enumerate(("пн", "вт", "ср", "чт", "пт", "сб", "вс"))},
    "sabado": 5, "domingo": 6,
}  # fmt: skip
_ALONE_FILLERS = frozenset({"na", "a", "on", "by", "till", "until", "в", "во", "до", "к", "ate", "para", "que", "vem"})


def _weekday_alone(text: str, now: datetime) -> date | None:
    words = [w.text for w in words_of(fold(text)) if w.text not in _ALONE_FILLERS]
    if len(words) != 1 or words[0] not in _WEEKDAY_ALONE:
        return None
    return _next_weekday(now.date(), _WEEKDAY_ALONE[words[0]])


def _holiday_or_day(folded: str, today: date) -> date | None:
    """A holiday named by its name, or a bare day of the month ("dia 18"): the next such day."""
    text = " ".join(folded.replace("'", " ").split())
    for (month, day), stems in _HOLIDAYS.items():
        if any(stem in text for stem in stems):
            candidate = date(today.year, month, day)
            return candidate if candidate >= today else date(today.year + 1, month, day)
    match = _DAY_OF_MONTH.search(text)
    said = _DAY_OF_MONTH_IN_WORDS.search(text) if match is None else None  # "para dia quinze", "il venti"
    number = (match.group(1) or match.group(2)) if match is not None else None
    found = int(number) if number is not None else _day_in_words(said.group(1)) if said is not None else None
    return _next_day_of_month(found, today) if found is not None else None


def _next_day_of_month(day: int, today: date) -> date | None:
    """The next ``day`` of a month from today on (this month's or next month's), or None if neither has it."""
    year, month = today.year, today.month
    for _ in range(2):
        if day <= calendar.monthrange(year, month)[1] and date(year, month, day) >= today:
            return date(year, month, day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


@lru_cache(maxsize=1)
def _date_words() -> tuple[str, ...]:
    return tuple(
        w
        for w in {*WEEKDAYS, *_TODAY, *_TOMORROW, *_DAY_AFTER, *_END, *DAY_UNITS, *WEEK_UNITS, *MONTH_UNITS}
        if len(w) >= _TYPO_MIN_LETTERS
    )


def resolve_date_forgiving(text: str, language: str, now: datetime) -> date | None:
    """``resolve_date``, and when it finds nothing, again with each long word that is one edit (or one swap)
    away from a date word corrected: "penktadenio", "lidz piekdienai", "послезавтар". Only for an answer
    to "by when?", where a date is expected — in a free message a near-miss is more likely another word."""
    found = resolve_date(text, language, now) or _holiday_or_day(fold(text), now.date()) or _weekday_alone(text, now)
    if found is not None:
        return found
    words = fold(text).split()
    corrected = []
    for word in words:
        if len(word) >= _TYPO_MIN_LETTERS:
            match = process.extractOne(word, _date_words(), scorer=OSA.distance, score_cutoff=1)
            corrected.append(match[0] if match else word)
        else:
            corrected.append(word)
    return resolve_date(" ".join(corrected), language, now) if corrected != words else None


# Words that open a deadline at the end of a sentence: "… by Friday", "… iki penktadienio", "… līdz piektdienai",
# "… do piątku", "… entro venerdì", "… até sexta", "… до пятницы".
DUE_OPENERS = word_set(
    "by until till before due iki lig ligi lidz pirms do przed na entro per prima ate antes para до к ко"
)
DUE_TAIL_MAX_WORDS = 5


def without_due_date(text: str, language: str, now: datetime) -> str:
    """``text`` without the deadline it ends with ("bake 50 cakes by Friday" → "bake 50 cakes"): a task's
    title is what to do; its due date is kept apart. Unchanged when no short tail opened by a deadline word
    names a day."""
    tokens = text.split()
    for start in range(1, len(tokens)):
        if len(tokens) - start > DUE_TAIL_MAX_WORDS:
            continue
        if fold(tokens[start]).strip(".,;:!?") in DUE_OPENERS and read_day_typed(
            " ".join(tokens[start:]), language, now
        ):
            return " ".join(tokens[:start]).rstrip(" ,;:-–—")
    return text


def without_date_words(text: str) -> str:
    """``text`` without the words that name a day ("kitam penktadieniui", "на следующей неделе", "by Friday",
    "do przyszłego piątku") and the preposition before them: what a search for the need is left with, when a
    day said in a case the search does not know counted as a word of the need."""
    tokens = text.split()
    dated = [_names_a_day(fold(t).strip(".,;:!?()\"'«»")) for t in tokens]
    kept = [
        t
        for i, t in enumerate(tokens)
        if not dated[i] and not (fold(t).strip(".,;:!?") in DUE_OPENERS and i + 1 < len(tokens) and dated[i + 1])
    ]
    return " ".join(kept)


def _names_a_day(word: str) -> bool:
    return (
        word in WEEKDAYS
        or word in WEEKDAYS_NEED_CONTEXT
        or word in _NEXT
        or word in _NEXT_WEEK_WORDS
        or word in _TODAY
        or word in _TOMORROW
        or word in _DAY_AFTER
        or word in WEEK_UNITS
        or (not word.isdigit() and month_of(word) is not None)
    )


def read_day_typed(text: str, language: str, now: datetime) -> date | None:
    """The day an answer to "by when?" names, forgiving typos; Russian typed in Latin letters is read in Cyrillic
    too ("do 31 yanvarya", "k pyatnice" were left open)."""
    found = resolve_date_forgiving(text, language, now)
    if found is None and text.isascii() and (language == "ru" or looks_like_translit_russian(text)):
        found = resolve_date_forgiving(to_cyrillic(text), "ru", now)  # "do 18 dekabrya" in a Lithuanian chat too
    return found


def report_span(period: str, today: date) -> tuple[date, date]:
    """The first and last day of a named report period (``nlu.answers.report_request``), never past today:
    "this_week", "last_week", "this_month", "last_month", "this_year", "last_year", "months:N" (this month and the N - 1
    before it),
    "month:M" (the latest month M that has begun: "March" said in February is last year's) and "year:YYYY" (a
    year that has begun; a later one is a ValueError)."""
    first_of_month = today.replace(day=1)
    monday = today - timedelta(days=today.weekday())
    if period == "this_week":  # "this week", "šonedēļ": its Monday to today (the last six months were shown)
        return monday, today
    if period == "last_week":
        return monday - timedelta(days=7), monday - timedelta(days=1)
    if period == "this_month":
        return first_of_month, today
    if period == "last_month":
        return _add_months(first_of_month, -1), first_of_month - timedelta(days=1)
    if period == "this_year":
        return date(today.year, 1, 1), today
    if period == "last_year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    kind, _, number = period.partition(":")
    if kind == "months" and number.isdigit() and int(number) >= 1:
        return _add_months(first_of_month, 1 - int(number)), today
    if kind == "year" and number.isdigit() and int(number) <= today.year:  # "statistics for 2025"
        return date(int(number), 1, 1), min(today, date(int(number), 12, 31))
    if kind == "month" and number.isdigit() and 1 <= int(number) <= 12:
        year = today.year if int(number) <= today.month else today.year - 1
        first = date(year, int(number), 1)
        return first, min(today, _add_months(first, 1) - timedelta(days=1))
    raise ValueError(f"unknown report period {period!r}")
