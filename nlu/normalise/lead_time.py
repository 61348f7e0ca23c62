"""Find how fast a school can deliver ("per 3 dienas", "within 5 days", "за 3 дня") as a number of days.

Why not ``dates.resolve_date``: an offer states a *duration* from the order, not a deadline, so the
answer must not depend on today's date, and "per 3 dienas" is a lead time even though nothing is due.
Why so strict (a preposition or Latvian "laikā" is required): offers are full of other numbers with
day-like units ("3 day workshop", "12 dienų kursas") that are not lead times; a missed lead time costs
one tap on "⏱ Lead time", a wrong one would be published.

Decisions:
* weeks count 7 days, months 30; hours round up to whole days (so "within 24 hours" is 1 day);
* a range ("2-3 dienas", "2–3 days") is its upper end: a lead time is a promise;
* a missing count ("within a week", "per savaitę", "nedēļas laikā") is one unit;
* Italian "per 3 giorni" means "for 3 days" (a duration of the work), so "per" does not count there;
* results outside 0..730 days (the catalogue's limit) are not lead times.
"""

from __future__ import annotations

import math

from nlu.normalise._text import Token, fold, tokenize
from nlu.normalise.numbers import NUMBER_WORDS
from nlu.normalise.vocab import DAY_UNITS, MONTH_UNITS, WEEK_UNITS, word_set

LEAD_TIME_MAX = 730
_HOUR_UNITS = word_set(
    "hour hours hrs h valanda valandos valandu valandas val stunda stundas stundam stundu stundu godzina "
    "godziny godzin godzine ora ore hora horas час часа часов"
)
# Words that make "N days" a lead time, in folded form: lt "per/iki/po", lv "pec/lidz" (and "laika"
# after the unit), en "in/within/under", pl "w/ciagu/za/do", it "in/entro/tra/fra", pt "em/dentro (de)/
# ate/prazo (de)", ru "за/через/течение/до".
_PREPOSITIONS = word_set(
    "per iki po pec lidz in within under w ciagu za do entro tra fra em dentro daqui ate prazo numa num "
    "за через течение до"
)
# "need 3 days", "reikia 5 dienų", "servono 3 giorni": said right before the count in an offer, also a lead time.
_NEED_WORDS = word_set(
    "need needs needed require requires reikia reikes reikės vajag vajadzes nepieciesamas potrzeba potrzebujemy "
    "potrzebujemy servono serve servirebbero precisamos precisa preciso нужно нужны надо требуется "
    # "takes one day", "trunka 3 dienas", "aizņem 2 dienas", "trwa 3 dni", "ci vogliono 3 giorni", "demora 2 dias"
    "takes take taking trunka uztrunka aiznem trwa zajmuje vogliono vuole richiede leva demora demoram занимает "
    "займет займёт"
)
# The lead time named as such near the count ("3 days notice", "lead time is 3 days", "paruošimo laikas 5 dienos",
# "termin realizacji 7 dni", "срок изготовления 5 дней", "3 giorni di preavviso", "3 dias de antecedência").
_LEAD_WORDS = word_set(
    "notice lead advance preavviso anticipo antecedencia wyprzedzeniem realizacji wykonania paruosimo gamybos "
    "pagaminimo izgatavosanas izpildes tempi tempo consegna изготовления выполнения производства предупредить "
    "заранее "
    # "įvykdymo laikas 5 dienos", "5 dienas iš anksto", "срок 10 дней", "termin 7 dni" (session 16: none was read)
    "ivykdymo anksto срок сроки srok termin terminas termins "
    # "order a week ahead": "tydzień wcześniej", "savaitę anksčiau", "nedēļu iepriekš", "una settimana prima"
    "ahead earlier wczesniej anksciau ieprieks prima antes раньше"
)
_LEAD_WORDS_BEFORE = 4  # tokens before the count where "lead time is", "termin realizacji" may stand
_LEAD_WORDS_AFTER = 3  # tokens after the unit: "3 days notice", "3 giorni di preavviso"
_ITALIAN_UNITS = word_set("giorno giorni settimana settimane mese mesi ora ore")
_ONE = word_set("a an one una un uma um numa num vienas viena vienu")
_SKIP_BEFORE_PREPOSITION = word_set("de a")  # "dentro de 3 dias", "prazo de 3 dias", "daqui a 3 dias"
# Latvian says "within" with the locative alone ("3 dienās", "2 nedēļās"); these folded forms only.
_LATVIAN_LOCATIVES = word_set("dienas nedelas menesos stundas")
_LATVIAN_WITHIN = "laika"
_RANGE_DASHES = frozenset({"-", "–", "—"})


def _days_per_unit(word: str) -> float | None:
    if word in DAY_UNITS:
        return 1
    if word in WEEK_UNITS:
        return 7
    if word in MONTH_UNITS:
        return 30
    if word in _HOUR_UNITS:
        return 1 / 24
    return None


def _count_before(tokens: list[Token], unit_index: int) -> tuple[int | None, int]:
    """The count written before the unit and the index of the token before it (−1 if none).

    ``None`` as count means no number was written ("per savaitę"): one unit.
    """
    j = unit_index - 1
    if j < 0:
        return None, j
    word = tokens[j].text
    if tokens[j].is_digits and len(word) <= 4:
        count = int(word)
        j -= 1
        if j >= 1 and tokens[j].text in _RANGE_DASHES and tokens[j - 1].is_digits:
            j -= 2  # "2-3 days": the upper end, then look for the preposition before the lower one
        return count, j
    if word in NUMBER_WORDS and word not in _ONE:
        return NUMBER_WORDS[word], j - 1
    if word in _ONE:
        return None, j if word in _PREPOSITIONS else j - 1  # "numa semana" is both "in" and "one"
    return None, j


def extract_lead_time(text: str, language: str | None = None) -> int | None:
    """Days of lead time stated in ``text`` ("per 3 dienas" → 3, "within a week" → 7), or None."""
    if not text:
        return None
    tokens = [t for t in tokenize(fold(text)) if t.is_word or t.text in _RANGE_DASHES]
    lang = (language or "").lower()
    for i, token in enumerate(tokens):
        per_unit = _days_per_unit(token.text)
        if per_unit is None:
            continue
        count, j = _count_before(tokens, i)
        if per_unit < 1 and count is None:
            continue  # "per hour" is a price unit, not a lead time
        after = tokens[i + 1].text if i + 1 < len(tokens) else ""
        prep = tokens[j].text if j >= 0 else ""
        if prep in _SKIP_BEFORE_PREPOSITION and j >= 1:
            prep = tokens[j - 1].text
        locative = lang == "lv" and count is not None and token.text in _LATVIAN_LOCATIVES
        latvian = after == _LATVIAN_WITHIN or locative
        near = {t.text for t in tokens[max(0, j - _LEAD_WORDS_BEFORE + 1) : i + 1 + _LEAD_WORDS_AFTER]}
        named = (count is not None and bool(near & _LEAD_WORDS)) or prep in _NEED_WORDS or after in _LEAD_WORDS
        # ("takes one day", "tydzień wcześniej": one unit, said as a lead time)
        if not latvian and not named and prep not in _PREPOSITIONS:
            continue
        if prep == "per" and token.text in _ITALIAN_UNITS:
            continue
        days = math.ceil((count if count is not None else 1) * per_unit)
        if 0 <= days <= LEAD_TIME_MAX:
            return days
    return None


def duration_days(text: str) -> int | None:
    """Days of a duration typed as the answer to "how fast?" ("1 week", "2 mēneši", "a month", "3"): no preposition
    is needed there (a lead time corrected to "1 week" was stored as 1 day)."""
    tokens = [t for t in tokenize(fold(text)) if t.is_word or t.text in _RANGE_DASHES]
    for i, token in enumerate(tokens):
        per_unit = _days_per_unit(token.text)
        if per_unit is None:
            continue
        count, _j = _count_before(tokens, i)
        days = math.ceil((count if count is not None else 1) * per_unit)
        return days if 0 <= days <= LEAD_TIME_MAX else None
    return None
