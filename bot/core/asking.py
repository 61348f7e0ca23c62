"""The open question: what the bot's last message asked, and how a typed answer maps onto it.

Why: a chat assistant must take "sim, pode enviar" where it offered a 📨 Send button. Every reply that
asks something leaves behind an ``Ask`` in the dialogue state (so any replica can read it): what kind of
answer it expects and the buttons it showed, each with what it *means* ("yes", "skip", "item:2"). The
next typed message is interpreted against that ask (``interpret``, pure and language-aware through
``nlu.answers``) and, when it names one of the buttons, the router runs that button's handler — the very
same action a press would trigger, permission checks included. An answer that fits nothing gets a short
re-ask with the same buttons, never a silent fallback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Final, Literal

from rapidfuzz import fuzz

from bot.core.types import Reply
from domain.search.translit import as_russian, to_cyrillic
from nlu import answers
from nlu.client import NluResult
from nlu.normalise._text import fold
from nlu.normalise.dates import resolve_date_forgiving
from nlu.normalise.numbers import extract_quantity, number_words_for, quantity_unit

Expects = Literal["yesno", "choice", "number", "date", "text", "optional", "none"]
AnswerKind = Literal["yes", "no", "cancel", "back", "skip", "item", "all", "number", "date", "text", "none"]
STATE_KEY: Final = "ask"
QUESTION_MAX_CHARS: Final = 3000  # what is kept to repeat the question; the state row is capped
LABEL_MATCH: Final = 88  # rapidfuzz ratio for a typed button label ("latvija" for "🇱🇻 Latvija")


@dataclass(frozen=True)
class Option:
    """One button that was shown: what it means, and the action it runs."""

    means: str | None
    action: tuple[str, ...]
    label: str


@dataclass
class Ask:
    expects: Expects
    options: list[Option] = field(default_factory=list)
    question: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "expects": self.expects,
            "question": self.question,
            "options": [[o.means, list(o.action), o.label] for o in self.options],
        }

    @classmethod
    def from_json(cls, data: Any) -> Ask | None:
        if not isinstance(data, dict):
            return None
        options = [
            Option(means, tuple(str(a) for a in action), str(label))
            for means, action, label in data.get("options", [])
            if isinstance(action, list) and action
        ]
        return cls(data.get("expects", "none"), options, str(data.get("question", "")))

    def meaning(self, means: str) -> Option | None:
        return next((o for o in self.options if o.means == means), None)

    @property
    def item_count(self) -> int:
        numbers = [int(o.means.split(":")[1]) for o in self.options if o.means and o.means.startswith("item:")]
        return max(numbers, default=0)


def record(replies: list[Reply], expects: Expects | None) -> Ask | None:
    """The ask a turn's replies leave open: their buttons (and what they mean) and the expected answer."""
    options: list[Option] = []
    question = ""
    for reply in replies:
        found = [Option(b.means, b.action, b.label) for row in reply.buttons for b in row if b.action]
        if found or reply is replies[-1]:
            question = reply.text
        options += found
    if expects is None:
        meanings = {o.means for o in options}
        if {"yes", "no"} & meanings:
            expects = "yesno"
        elif any(m and m.startswith("item:") for m in meanings):
            expects = "choice"
        elif not options:
            return None
        else:
            expects = "none"
    return Ask(expects, options, question[:QUESTION_MAX_CHARS])


@dataclass(frozen=True)
class Answer:
    kind: AnswerKind
    value: int | str | None = None


NOTHING: Final = Answer("none")


def typed_number(text: str, language: str) -> int | None:
    """The number a short answer to "How many?" gives, units and all ("10 valandų", "3 days", "dvidešimt"); after
    a second thought, the number said last ("40 vnt nu gal 30": 30)."""
    parts = answers.after_second_thought(text, language)
    if len(parts) > 1:
        for part in parts:
            found = _typed_number(part, language)
            if found is not None:
                return found
    return _typed_number(text, language)


def unit_said(text: str, quantity: int, language: str) -> dict[str, str]:
    """{"unit": "kg"} when ``quantity`` is said with its unit ("6 kg", "40 žmonių", "6kg"), else nothing: an
    enquiry keeps the unit it had ("ne, 8" after "6 kg" is 8 kg)."""
    unit = quantity_unit(as_russian(text, language), quantity, language)
    return {"unit": unit} if unit is not None else {}


def needs_said(entities: dict[str, Any], text: str, language: str) -> dict[str, Any]:
    """The quantity (with its unit) and the date a request gave, kept for an enquiry about one of its results; and
    the request itself when it says more than what is asked for ("…, budget up to 800 eur, deliver to Gedimino pr.
    10"): it goes to the school with the enquiry (the budget, the address and the occasion were lost)."""
    needs: dict[str, Any] = {key: entities[key] for key in ("quantity", "date") if key in entities}
    if isinstance(needs.get("quantity"), int):
        needs |= unit_said(text, needs["quantity"], language)
    if len(answers.meaningful_words(text)) >= REQUEST_MIN_WORDS and len(text.strip()) <= REQUEST_MAX:
        needs["request"] = text.strip()
    return needs


REQUEST_MIN_WORDS: Final = 6  # "catering for 40 people in Riga" says no more than the enquiry's own questions
REQUEST_MAX: Final = 1000  # a longer request is a letter: the customer adds what matters at "Anything to add?"


def number_in_words_of(text: str, language: str) -> int | None:
    """ "двадцать пять человек" in a Lithuanian chat: a number written in the number words of ``language``, first,
    with at most one word after them (what is counted). A word of the chat's own language that is a number in
    another ("ten z Poznania" in Polish, "não sei" in Portuguese) is none: it took 10 and 6."""
    words = fold(text).strip(".!?").split()
    numbers = number_words_for(language)
    first_other = next((i for i, w in enumerate(words) if w not in numbers and not w.isdecimal()), len(words))
    if first_other == 0 or len(words) - first_other > OTHER_WORDS_AFTER_A_NUMBER:
        return None
    return typed_number(text, language)


OTHER_WORDS_AFTER_A_NUMBER: Final = 1


def _typed_number(text: str, language: str) -> int | None:
    text = re.sub(r"(\d+)ish\b", r"\1", text)  # "50ish"
    stripped = text.strip()
    if stripped.isdecimal() and len(stripped) <= 7:
        return int(stripped)
    alone = fold(stripped).strip(".!?")
    if alone in number_words_for(language):  # "um", "uno": an article in a sentence, a number as the answer
        return number_words_for(language)[alone]
    quantity = extract_quantity(text, language)
    short = _LEADING_NUMBER.match(stripped)
    if quantity is None and short is not None and len(stripped.split()) <= 3:
        return int(short.group(1))  # "10 valandų", "3 days", "2 sets": the unit is the listing's, asked for
    words = fold(stripped).split()
    if (
        quantity is None
        and 1 < len(words) <= ONE_THING_MAX_WORDS
        and words[0] in ONE_WORDS
        and not (set(words[1:]) & NOT_ONE_THING)
    ):
        return 1  # "un logo solo", "uma carrinha", "one website", "vieną tortą": one of the thing
    return quantity


# "How many?" answered with one thing: "un logo solo", "uma carrinha", "a website", "vieną tortą", "один сайт".
ONE_WORDS: Final = frozenset(("a", "an", "one", "vienas", "viena", "viens", "vienu", "jeden", "jedna", "jedno",
                              "jednego", "un", "uno", "una", "um", "uma", "один", "одна", "одно", "одну"))  # fmt: skip
NOT_ONE_THING: Final = frozenset(("lot", "lots", "few", "couple", "bunch", "dozen", "many", "pair", "little",
                                  "bit", "in", "at", "by", "for", "until", "po", "iki", "do", "na", "entro", "ate",
                                  "до"))  # fmt: skip
ONE_THING_MAX_WORDS: Final = 4


_LEADING_NUMBER = re.compile(r"(\d{1,7})(?=\s|$)")


def _date(text: str, language: str, now: datetime) -> date | None:
    found = resolve_date_forgiving(text, language, now)
    if found is None:
        try:
            found = date.fromisoformat(text.strip())
        except ValueError:
            return None
    return found


def interpret(text: str, expects: Expects, *, language: str, now: datetime, count: int = 0) -> Answer:
    """What a typed message answers to a question that expects ``expects`` (``count`` items shown).

    Russian typed in Latin letters ("pervoe", "do pjatnicy", "otmena") is read again in Cyrillic when the
    Latin reading finds nothing and the conversation is in Russian."""
    answer = _interpret(text, expects, language=language, now=now, count=count)
    vague = answer is NOTHING or answer.kind in ("yes", "skip")  # "do pjatnicy" opens with the English "do"
    if vague and language == "ru" and text.isascii() and any(c.isalpha() for c in text):
        again = _interpret(to_cyrillic(text), expects, language=language, now=now, count=count)
        return answer if again is NOTHING else again
    return answer


_COMMAND_INSIDE = re.compile(r"(?<=\s)/[a-z]")


def _interpret(text: str, expects: Expects, *, language: str, now: datetime, count: int = 0) -> Answer:
    control = answers.control_word(text)
    if control is not None:
        return Answer(control)
    specific = expects in ("yesno", "number", "date", "choice")
    # "tell me what /cancel does first": a command named inside a sentence is talked about, not given (it cancelled)
    specific = specific and _COMMAND_INSIDE.search(text.strip()) is None
    stem = answers.control_stem(text, language) if specific else None
    if stem == "cancel":  # "no, forget the whole order", "я передумал": cancel wins over a yes or a no
        return Answer("cancel")
    answer = _typed_value(text, expects, language=language, now=now, count=count)
    if specific and (answer is NOTHING or (answer.kind == "skip" and expects in ("number", "date"))):
        loose = answers.control_anywhere(text) or stem  # "I don't know, skip it", "go bck", "pomijamy"
        if loose is not None:
            return Answer(loose)
    return answer


def _typed_value(text: str, expects: Expects, *, language: str, now: datetime, count: int) -> Answer:
    if expects == "yesno":
        said = answers.yes_no(text, language)
        return Answer(said) if said is not None else NOTHING
    if expects == "choice":
        picked = answers.ordinal(text, count)
        if picked is not None:
            return Answer("item", picked)
        return Answer("all") if answers.picks_all(text) else NOTHING
    if expects == "number":
        number = typed_number(text, language)
        if number is not None:
            return Answer("number", number)
        return _yes_or_no(text, language)
    if expects == "date":
        day = _date(text, language, now)
        if day is not None:
            return Answer("date", day.isoformat())
        return _yes_or_no(text, language)
    if expects == "optional":
        if (answers.yes_no(text, language) == "no" and len(text.split()) <= 4) or answers.nothing_to_add(text):
            return Answer("skip")
        return Answer("text", text)
    if expects == "text":
        return Answer("text", text)
    return NOTHING


def _yes_or_no(text: str, language: str) -> Answer:
    """A yes or no to "How many?" / "By when?": a no skips it; a yes takes the value suggested (✔ 20), if any —
    "ok pasuje", "ja der" to "By when? ✔ 11 December" left the date open."""
    said = answers.yes_no(text, language)
    if said == "no":
        return Answer("skip")
    return Answer("yes") if said == "yes" else NOTHING


NAMING_MAX_WORDS: Final = 6


def by_label(ask: Ask, text: str) -> Option | None:
    """The button whose label the message repeats ("Latvija", "english", "Catering"), if exactly one."""
    typed = fold(text).strip()
    if len(typed) < 3:
        return None
    scored = []
    for option in ask.options:
        label = fold("".join(c for c in option.label if c.isalnum() or c.isspace())).strip()
        if label and fuzz.ratio(typed, label) >= LABEL_MATCH:
            scored.append(option)
    if scored:
        return scored[0] if len(scored) == 1 else None
    # "to ar maizi, no jelgavas", "the catering from daugavpils": words of one label only (an offer's title, the
    # other side's name) pick it, where "which one?" listed orders or enquiries
    naming = len(typed.split()) <= 2 or answers.names_numbered(text)  # "заказ 3", "o pedido 14", "l'ordine 2"
    number = answers.reference_number(text) if ask.expects == "choice" and naming else None
    if number is not None:  # "заказ 3" at "Which order?": the one labelled #3, whatever its place in the list
        tagged = [o for o in ask.options if re.search(rf"#{number}(?!\d)", o.label)]
        return tagged[0] if len(tagged) == 1 else None
    if len(typed.split()) > NAMING_MAX_WORDS or any(c.isdigit() for c in typed):
        return None
    named = [(answers.mentions(text, option.label), option) for option in ask.options if "#" in option.label]
    best = max((n for n, _ in named), default=0)
    if not best:  # "quella della torta" for «Torte per compleanni…»: a word of the label in another ending
        named = [(_near_words(text, option.label), option) for option in ask.options if "#" in option.label]
        best = max((n for n, _ in named), default=0)
    chosen = [option for n, option in named if n == best]
    return chosen[0] if best and len(chosen) == 1 else None


NEAR_WORD_MIN_LETTERS = 5
NEAR_WORD_RATIO = 80  # "torta" ~ "torte", "kepykla" ~ "kepyklos": one ending apart


def _near_words(text: str, label: str) -> int:
    """How many words of ``text`` (five letters or more) are one ending away from a word of ``label``."""
    theirs = [w for w in answers.meaningful_words(label) if len(w) >= NEAR_WORD_MIN_LETTERS]
    mine = [w for w in answers.meaningful_words(text) if len(w) >= NEAR_WORD_MIN_LETTERS]
    return sum(1 for m in mine if any(fuzz.ratio(m, t) >= NEAR_WORD_RATIO and m[:3] == t[:3] for t in theirs))


# Requests that end a question the message does not answer: the person has moved on ("actually, show my
# enquiries", "we need 40 cakes by Friday" where a number, date or country was asked).
LEAVING_INTENTS: Final = frozenset({"search_offers", "post_offer", "my_enquiries", "my_listings", "my_tasks", "help"})
MOVED_ON_MIN_WORDS: Final = 3


def is_new_request(text: str, result: NluResult) -> bool:
    """True when ``text``, which answered nothing, is a request of its own (a search needs a category)."""
    if len(text.split()) < MOVED_ON_MIN_WORDS or result.intent not in LEAVING_INTENTS:
        return False
    return result.intent != "search_offers" or "category" in result.entities
