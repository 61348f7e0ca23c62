"""The path of one message: person and state from the database → the flow that handles it → replies.

Everything a turn changes (including the dialogue state) is committed in one transaction; a domain
rule that refuses the action rolls it all back and the person gets a clear message instead.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from bot.core import asking, registry
from bot.core.callbacks import Action, BadCallback
from bot.core.inflight import IN_FLIGHT
from bot.core.turn import LANGUAGE_CHOSEN, MEMORY, THREAD_SINCE, Services, State, Turn
from bot.core.types import Incoming, Reply
from bot.flows import errors as error_messages
from bot.i18n import N_, translator
from bot.ops.metrics import HANDLER_SECONDS
from domain import accounts, dialogue, outbox
from domain.db import transaction
from domain.errors import DomainError
from domain.limits import INCOMING_MAX
from domain.listings import listing_view
from domain.text_input import require_length, without_markup, without_scripts
from nlu import answers
from nlu.client import NluResult
from nlu.langid import first_words_language
from nlu.language_names import language_named
from nlu.normalise.places import find_city

log = logging.getLogger(__name__)


class _PerUser:
    """One lock per user, dropped when nobody waits on it, so the table stays as small as the traffic."""

    def __init__(self) -> None:
        self._locks: dict[int, asyncio.Lock] = {}
        self._holders: Counter[int] = Counter()

    @asynccontextmanager
    async def hold(self, user_id: int) -> AsyncIterator[None]:
        lock = self._locks.setdefault(user_id, asyncio.Lock())
        self._holders[user_id] += 1
        try:
            async with lock:
                yield
        finally:
            self._holders[user_id] -= 1
            if not self._holders[user_id]:
                del self._holders[user_id]
                self._locks.pop(user_id, None)


_turns = _PerUser()


async def handle(services: Services, incoming: Incoming) -> list[Reply]:
    """Answer one incoming message or button press; never raises for anything a user can do.

    A person's turns run one at a time: a quick second message must see the state the first one
    left. In-process a lock per user; across replicas the person's row is locked (PostgreSQL).
    Input is cleaned first (domain.text_input), so no flow ever sees a NUL or a hidden name.
    """
    incoming = incoming.tidied()
    with HANDLER_SECONDS.time():
        async with _turns.hold(incoming.user_id):
            if incoming.callback is None:  # words may answer a notification still being recorded as sent
                await IN_FLIGHT.settled(incoming.user_id)
            return await _handle(services, incoming)


async def _handle(services: Services, incoming: Incoming) -> list[Reply]:
    """One transaction per turn: the person's row is locked first (another replica's turn for the same person
    waits here), then the dialogue state is read, the turn runs, and the state is written if it changed."""
    language = accounts.normalise_language(incoming.language_code)
    created, easy = False, False
    try:
        async with transaction(services.factory) as session:
            known = await dialogue.load_person_and_state(session, incoming.user_id)  # one statement, row locked
            if known is not None:
                person, stored = known
            else:  # someone new (or created meanwhile by another replica's turn)
                person, created = await accounts.get_or_create_person(
                    session, incoming.user_id, incoming.language_code, lock=True
                )
                stored = await dialogue.load_state(session, person.id)
            language, easy = person.language, bool(person.easy_read)
            if person.unreachable_at is not None:  # they blocked the bot once and are back: deliver again
                await outbox.mark_reachable(session, person.id)
            data = dict(stored.data)
            asked = asking.Ask.from_json(data.pop(asking.STATE_KEY, None))
            kept, since = _thread_since(data)
            previous_at = since if kept else stored.updated_at
            turn = Turn(
                person,
                State(stored.flow, stored.step, data),
                session,
                services,
                incoming.at,
                incoming.message_id,
                reply_to_message_id=incoming.reply_to_message_id,
                previous_at=previous_at,
                display_name=incoming.display_name,
                asked=asked,
            )
            await _dispatch(turn, incoming)
            _leave_question_open(turn)
            if person.erased_at is None:  # /deleteme just deleted the state: saving it would bring it back
                now = turn.state  # unchanged from what was loaded (stored): nothing is written
                await dialogue.save_state(session, person.id, now.flow, now.step, now.data, loaded=stored)
            return turn.replies
    except DomainError as exc:
        await _keep_newcomer(services, incoming, created)
        return [Reply(error_messages.describe(translator(language, easy=easy), exc))]
    except BadCallback:
        await _keep_newcomer(services, incoming, created)
        return [Reply(translator(language, easy=easy)._(STALE_BUTTON))]


def _thread_since(data: dict[str, Any]) -> tuple[bool, datetime | None]:
    """Whether the previous turn kept the notification before it answerable (Turn.keep_thread_open), and that
    turn's own ``previous_at`` (None: there was none). Read once: ``data`` is the loaded state's copy, and the
    memory is copied before the key is taken out."""
    memory = data.get(MEMORY)
    if not isinstance(memory, dict) or THREAD_SINCE not in memory:
        return False, None
    data[MEMORY] = {key: value for key, value in memory.items() if key != THREAD_SINCE}
    try:
        return True, datetime.fromisoformat(str(memory[THREAD_SINCE])) if memory[THREAD_SINCE] else None
    except ValueError:
        return False, None


async def _keep_newcomer(services: Services, incoming: Incoming, created: bool) -> None:
    """A first message that was refused still makes the person known (their language, for what we send next)."""
    if created:
        async with transaction(services.factory) as session:
            await accounts.get_or_create_person(session, incoming.user_id, incoming.language_code)


async def _dispatch(turn: Turn, incoming: Incoming) -> None:
    if incoming.callback is not None:
        assert turn.person.telegram_id is not None
        action = turn.services.signer.verify(turn.person.telegram_id, incoming.callback)
        handler = registry.BUTTONS.get(action.name)
        if handler is None:
            raise BadCallback(action.name)
        await handler(turn, action)
        return
    text = without_scripts(require_length((incoming.text or "").strip(), INCOMING_MAX))  # refused whole, never cut
    if incoming.file is not None:  # a photo or document, its caption (maybe a "/…") is only its caption
        for _priority, on_file in registry.FILES:
            if await on_file(turn, incoming.file, text):
                return
        await registry.ATTACHMENTS[0](turn, incoming.file.kind)
        return
    command = incoming.command
    if command is not None:
        name, args = command
        await registry.COMMANDS.get(name, registry.COMMANDS["help"])(turn, args)
        return
    if not text and incoming.attachment is not None:
        await registry.ATTACHMENTS[0](turn, incoming.attachment)
        return
    if not text:
        await registry.COMMANDS["help"](turn, "")
        return
    turn.typed = text
    await _dispatch_text(turn, text)


async def _dispatch_text(turn: Turn, text: str) -> None:
    """Typed text, in this order: a swipe-reply to a message that belongs to a conversation (it says what it
    answers), an answer to the open question (the same action as its button), the current step's typed value,
    what the person's situation makes of it (a refinement of the last search, a teacher's "we accept", an
    answer to a relayed message…), and only then the intent on its own."""
    if turn.person.consent_at is None and not turn.recall(LANGUAGE_CHOSEN):
        await _newcomer_language(turn, text)
    if turn.reply_to_message_id is not None:
        for replied in registry.REPLIED:
            if await replied(turn, text):
                return
    if turn.person.consent_at is None and turn.state.flow is None:
        for introduced in registry.INTRODUCTIONS:  # "…, Eventi Rossi srl a Torino": more than "Who are you?" asks
            if await introduced(turn, text):
                return
    if turn.asked is not None and await _answer(turn, turn.asked, text):
        return
    if turn.person.consent_at is None and turn.state.flow is None and await _introduced(turn, text):
        return
    step = registry.STEPS.get((turn.state.flow or "", turn.state.step or ""))
    if step is not None and answers.asks_erasure(text):  # "voglio cancellare i miei dati" at "In which country?"
        await registry.COMMANDS["deleteme"](turn, "")
        return
    if step is not None and answers.control_word(text) == "cancel":  # "annulla", "отмена" at "Company name?"
        await registry.COMMANDS["cancel"](turn, "")
        return
    if step is not None and (answers.asks_if_free(text) or answers.asks_what_this_is(text)):
        # "e gratis?", "o que e isto?" at "What is your company called?": answered, and the question asked again (the
        # name was refused as "2 to 200 characters", or the question was taken for the name)
        asked = turn.asked
        await registry.served_in_context(turn, text)
        if asked is not None and asked.question:
            rows = [[turn.button(o.label, *o.action, means=o.means)] for o in asked.options]
            turn.say(asked.question, rows, expects=asked.expects)
        return
    if step is not None and answers.asks_help(text):  # "pagalba" at "In which country?": help, the question stays
        await registry.COMMANDS["help"](turn, "")
        return
    if step is not None and answers.asks_for_language(text) and language_named(text) is not None:
        await registry.INTENTS["change_language"](turn, text)  # "can we speak english please?" is no company name
        return
    if step is not None and not await _moved_on(turn, text):
        await step(turn, text)
        return
    if await registry.served_in_context(turn, text):
        return
    for before in registry.BEFORE_INTENT:
        if await before(turn, text):
            return
    result = await turn.understand(text)
    log.debug("intent %s %.2f %s", result.intent, result.confidence, result.source)
    asked = turn.asked
    if asked is not None and _about_the_results(asked, text, result):
        # "ar atvažiuoja į vietą?", "how much for 5 kg?" under several results: which one (a new search replaced
        # the list, and "the first" then ordered another offer)
        _ask_again(turn, asked, turn.tr._(WHICH_ABOUT))
        return
    if asked is not None and asked.expects in ("yesno", "choice") and result.intent in UNPLACED_INTENTS:
        results = any(o.action[0] == "eq" for o in asked.options)  # search results, not a "which one?" asked
        noted = results and result.intent in ("affirm", "thank")
        if asked.expects == "choice" and not noted and answers.says_thanks(text):
            # "ok grazie lo stesso" under the categories offered when nothing matched: thanks, not "Which one?"
            await registry.INTENTS["thank"](turn, text)
            return
        if asked.expects == "choice" and (result.intent == "deny" or noted):
            # "não" to "which one?": none, not a loop; "👍", "ok thanks" after results: noted, the list stays
            await registry.INTENTS[result.intent](turn, text)
            return
        card = _one_offer_shown(asked)
        if card is not None and answers.is_question(text):
            # "e in quanto tempo lo fate?" under one offer's card: its card again, which says it ("Which one? Type
            # its number" asked to choose among one)
            await _press(turn, asking.Option(None, ("sd", card), ""))
            return
        _ask_again(turn, asked)
        return
    if turn.state.flow is not None and result.intent == "search_offers" and asking.is_new_request(text, result):
        turn.finish()  # "we also need cakes in Vilnius" at "Please check your enquiry": results now, no draft
    by_intent = registry.INTENTS.get(result.intent) or registry.INTENTS["search_offers"]
    await by_intent(turn, text)


async def _introduced(turn: Turn, text: str) -> bool:
    """Someone new who says who they are ("I run a bakery", "mam firmę budowlaną") answers "Who are you?"
    even when another question is open by now: "only teachers post offers" would be the wrong answer."""
    role = answers.role_named(text)
    if role is None:
        return False
    await registry.BUTTONS["role"](turn, Action("role", (role,)))
    _keep_need(turn, text, role)
    return True


def _keep_need(turn: Turn, text: str, role: str) -> None:
    """The need said with "I run a company" ("…turiu kavinę Kaune ir man reikia 50 keksiukų…") is searched once the
    company is set up (start._create_company); it was forgotten, and the bot asked what they need."""
    need = answers.need_after_introduction(text) if role == "company" else None
    if need and turn.state.flow == "company":
        turn.state.data["need"] = need
    town = find_city(text) if role == "company" and turn.state.flow == "company" else None
    if town is not None:  # "у меня компания в Риге": the town is known when the name has been given
        turn.state.data["town"] = list(town)


async def _newcomer_language(turn: Turn, text: str) -> None:
    """Someone who has not chosen anything yet is answered in the language they write ("ola, bom dia"), from
    the first message: Telegram's language code is the app's, which is often not the person's."""
    if turn.recall(NEWCOMER_LANGUAGE_READ):
        return  # read from an earlier message: from now on it takes a pattern to switch (start.follow_language)
    text = without_markup(text)  # "<a href=…>kliknij</a> szukam fotografa": the words, not the tag's
    written = first_words_language(text, turn.person.language)
    if written is None:
        return
    wordy = [w for w in text.split() if PLAIN_WORD.fullmatch(w)]  # "Robert'); DROP TABLE offers;--": two words
    if written == "en" and turn.person.language != "en" and len(wordy) < ENGLISH_FIRST_MIN_WORDS:
        return  # "hello", "ok", "'; DROP TABLE users; --" from a Lithuanian app: English everyone types (it stuck)
    turn.remember(NEWCOMER_LANGUAGE_READ, True)  # "the one from daugavpils", "quello lituano" later switch nothing
    if written != turn.person.language:
        await accounts.set_language(turn.session, turn.person, written)


NEWCOMER_LANGUAGE_READ = "newcomer_language_read"
# A word as people write one: letters, an inner apostrophe or hyphen, a closing punctuation mark; not code.
PLAIN_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*[.,!?:;]?")
ENGLISH_FIRST_MIN_WORDS = 4  # fewer English words do not outweigh the app's language of ours

# The flow of "Send this to … about enquiry #N?" (bot/flows/threads.py): a new request there leaves it.
RELAY_FLOW = "relay"
# Intents that are no request of their own: after a yes/no or pick question they are an unplaced answer.
ALL_SHOWN = N_("That is all there is: every one is shown above.")
STALE_BUTTON = N_("This button is no longer valid. Send /menu to start again.")
ORDINAL_LIMIT = 50  # "tell me more about number 7": a result's number, not ▶ More results
UNPLACED_INTENTS = frozenset({"affirm", "deny", "nlu_fallback", "out_of_scope", "thank", "greet"})


async def _answer(turn: Turn, asked: asking.Ask, text: str) -> bool:
    """Run the button the typed ``text`` answers, if it answers one; True when the message was taken."""
    if answers.asks_if_free(text):
        return False  # "is it free?" at "Who are you?": answered (bot/flows/start.py), no answer to the question
    if any(o.action[0] == "eo" for o in asked.options) and _decides(text):
        return False  # "recuso o pedido 15, …" under /enquiries: the decision (bot/flows/enquiry.py), not "open #15"
    correct = registry.CORRECTIONS.get((turn.state.flow or "", turn.state.step or ""))
    if correct is not None and asked.expects != "choice" and await correct(turn, text):
        return True  # "não, a data é até sexta da semana que vem" at the summary: the date changes, nothing cancels
    if asked.expects == "date" and answers.corrected_number(text) is not None:
        return False  # "ne 40 o 45 zmones" at "By when?": the step corrects the quantity (a "no" skipped the date)
    text = answers.after_self_correction(text) or text  # "sim, quer dizer não": the "não" answers
    erase = next((o for o in asked.options if o.action[:2] == ("del", "yes")), None)
    if erase is not None and (answers.asks_erasure(text) or answers.erases_everything(text)):
        return await _press(turn, erase)  # "forget me" at "Delete your personal data?" is its yes (it was a no)
    if erase is None and answers.asks_stored_data(text):
        return False  # "quali dati tenete su di me?" under results: /mydata (bot/flows/account.py), not an offer's card
    if answers.alerts_command(text) is not None:
        return False  # "let me know when something like this appears", "delete alert 2": never "the first one"
    if answers.task_command(text) is not None:
        return False  # "usuń zadanie 2" at "Delete task 3?" or after a list: a command of its own, never "2"
    listings_shown = any(o.action[0] in ("lo", "lp", "lr") for o in asked.options)
    if listings_shown and answers.manages_by_name(text) is not None and answers.picks_by_number(text):
        return False  # "pause offer number 2" under /listings: paused (bot/flows/listings.py), not ⚙️ 2. Open
    if asked.expects != "yesno" and answers.asks_delivery(text):
        return False  # "can they deliver to Riga?" under a card: answered from it ("to" is "this" in lt and pl)
    if asked.expects == "choice" and (
        answers.price_cap(text) is not None or answers.says_an_amount(text) or answers.asks_cheaper(text)
    ):  # "up to 5 euro", "mais barato" after results narrow them ("mais" was More ▶); "2 kg" is an amount
        return False
    more = asked.meaning("more") or next(
        (o for o in asked.options if o.action[0] == "sp" or (o.action[0] == "al" and o.means == "skip")), None
    )  # More results ▶, the audit log's Older ▶ ("nākamā lapa" was a goodbye)
    if more is not None and answers.asks_more(text) and answers.ordinal(text, ORDINAL_LIMIT) is None:
        return await _press(turn, more)  # "daugiau", "kitas puslapis", "ещё": the list's More ▶
    if asked.expects == "choice" and answers.asks_more(text):  # every one is shown: said, the list stays open
        rows = [[turn.button(o.label, *o.action, means=o.means)] for o in asked.options]  # (it searched "pokaż więcej")
        turn.say(turn.tr._(ALL_SHOWN) + ("\n\n" + asked.question if asked.question else ""), rows, expects="choice")
        return True
    if (sending := _only_sending(asked, text)) is not None:
        return await _press(turn, sending)  # "just send it" at "Decline … with these words?": sent (it declined)
    if (numbered := _labelled_number(asked, text)) is not None:
        return await _press(turn, numbered)  # "#1", "1" at "Which enquiry do you accept?": enquiry #1, not the first
    if answers.names_numbered(text):  # "o pedido 14" at "Which one?": the one labelled #14, whatever its place;
        labelled = asking.by_label(asked, text) if asked.expects == "choice" else None
        return labelled is not None and await _press(turn, labelled)  # "l'ordine 2" after results: that order
    answer = asking.interpret(text, asked.expects, language=turn.person.language, now=turn.now, count=asked.item_count)
    if answer.kind == "skip" and asked.expects == "choice" and answers.ordinal(text, ORDINAL_LIMIT) is not None:
        return False  # "tell me more about number 7": that result (bot/flows/search.py), never ▶ More results
    option: asking.Option | None = None
    if answer.kind == "cancel":
        names_something = (answers.cancel_request(text) or answers.invite_request(text)) is not None
        if names_something and turn.state.flow in (None, RELAY_FLOW):
            turn.finish()  # at "Send this to the school?" too: the words are not sent, the new request is served
            return False  # "cancel my enquiry to the bakery", "atšaukti kvietimą 1": about something sent
        yes = asked.meaning("yes")
        if answers.keeps(text) and asked.meaning("no") is not None:
            option = asked.meaning("no")  # "no aspetta, non annullare", "nie, jednak nie anuluj": keep it
        elif yes is not None and yes.action[0] in registry.CANCEL_CONFIRMING and answers.control_word(text) is None:
            option = yes  # "ладно, всё-таки отмените его", "afinal cancela" to "Withdraw it?": withdraw it
        else:
            option = asked.meaning("cancel") or asked.meaning("no")  # a bare "cancel" to "Withdraw it?" keeps it
        if option is None and turn.state.flow is None:
            return False  # nothing in progress to cancel: "afinal não temos forno, recuso o pedido 15" says more
        if option is None:
            await registry.COMMANDS["cancel"](turn, "")
            return True
    elif answer.kind in ("yes", "no", "back", "skip"):
        option = asked.meaning(answer.kind) or (asked.meaning("skip") if answer.kind == "no" else None)
    elif answer.kind == "item" and asked.item_count == 1 and _numbers_the_results(turn, asked, text):
        return False  # "e il primo?" under a result's card: the list's first (bot/flows/search.py), no enquiry to this
    elif answer.kind == "item" and answers.report_with_reason(text) is not None:
        return False  # "quero denunciar a oferta 2, parece burla": reported with the reason (flows/offer_reports.py)
    elif answer.kind == "item" and answers.reports_an_item(text):  # "report the second offer", "3 is fake": no enquiry
        option = asked.meaning(f"report:{answer.value}")
    elif answer.kind == "item" and _hides_with_words(asked, text):
        return False  # "hide number 1, it's a duplicate" under results: hidden with the words (flows/coordination.py)
    elif answer.kind == "item" and (moderated := _moderated(asked, text, answer.value)) is not None:
        # "keep 1", "restore the first" under /reports: that decision's button ("keep 1" searched for offers); a
        # coordinator's "hide 1" on a list of offers hides that offer (domain/moderation.py checks the role and the
        # country); it was an enquiry, and the coordinator was signed up as a company named "hide it"
        option = moderated
    elif answer.kind == "item":
        verb = "details" if answers.asks_about_it(text) else "item"  # "kiek laiko gamina pirmą?": not an enquiry
        option = asked.meaning(f"{verb}:{answer.value}") or asked.meaning(f"item:{answer.value}")
        if option is not None and option.action[0] == "ov" and not _verifies(text):
            return False  # "what is the second one?", "…kol kas ne, noriu pirma paskambinti": verified, for good
        if option is not None and option.action[0] == "sc" and _about_an_offer(text):
            return False  # "quero pedir o segundo" after "nothing found": no offer is shown; never its 2nd category
    elif answer.kind == "all":
        option = asked.meaning("all")
    elif (
        answer.kind == "none"
        and asked.item_count == 1
        and answers.is_question(text)
        and answers.asks_about_it(text)
        and find_city(text) is None  # "e a torino?": the same search there (it showed this one's details again)
        and answers.ordinal(text, ORDINAL_LIMIT) in (None, 1)  # "…the second one?" with one shown: there is none
    ):
        option = asked.meaning("details:1")  # "quanto costa?" with one offer shown: that one (it asked "Which one?")
    elif answer.kind == "none" and asked.expects == "yesno" and answers.keeps(text) and not answers.field_change(text):
        option = asked.meaning("no")  # "хм, нет, пусть остается" to "Withdraw it?": keep it
    elif answer.kind == "none" and asked.expects in ("yesno", "choice", "none"):
        role = answers.role_named(text)  # "I'm a company" at "Who are you?"
        option = (asked.meaning(f"role:{role}") if role else None) or asking.by_label(asked, text)
        if role is not None and option is not None and option.action[0] == "role":
            pressed = await _press(turn, option)
            _keep_need(turn, text, role)
            return pressed
    return option is not None and await _press(turn, option)


def _decides(text: str) -> bool:
    """Words that accept or decline an enquiry, or refuse it."""
    stems = answers.ACCEPT_STEMS + answers.DECLINE_STEMS
    return answers.has_stem(text, stems) or answers.refuses(text) or answers.cannot_accept(text) is not None


def _numbers_the_results(turn: Turn, asked: asking.Ask, text: str) -> bool:
    """An ordinal said under one offer's card while a list of results is remembered: "e il primo?", "ile kosztuje
    pierwszy?" name the list's result (they began an enquiry about the card's offer, and a company's sign-up).
    Under another list (/enquiries) the number is that list's."""
    if not any(o.action[0] == "eq" for o in asked.options):
        return False
    shown = (turn.recall("search") or {}).get("shown") or []
    return len(shown) > 1 and answers.picks_by_number(text) and answers.ordinal(text, ORDINAL_LIMIT) is not None


def _about_an_offer(text: str) -> bool:
    """Words about an offer to order or ask about ("gribu pasūtīt pirmo", "quanto custa o segundo?"), which the
    category buttons shown after "nothing found" are not: they ran that category's search and an enquiry for
    lawn mowing in Jelgava was sent for a uniforms need."""
    return answers.wants_to_order(text) or answers.takes_one(text) or answers.is_question(text)


ID_LABELLED = frozenset({"ea", "ed"})  # "Which enquiry do you accept / decline?": labelled "#12 «title» — company"
POSITIONED = re.compile(r"^\s*\d{1,2}\.\s")
BARE_NUMBER = re.compile(r"^\s*(?:#|nr\.?\s*|no\.?\s*|№\s*)?(\d{1,6})\s*[.!]?\s*$", re.IGNORECASE)


def _labelled_number(asked: asking.Ask, text: str) -> asking.Option | None:
    """At a choice of enquiries or orders labelled "#N", a bare number that one label carries is that one: the list
    starts with the newest, so "1" or "#1" pressed "1. #2 …" and accepted the wrong enquiry (an order made)."""
    match = BARE_NUMBER.match(text)
    if asked.expects != "choice" or match is None:
        return None
    if any(POSITIONED.match(o.label) for o in asked.options):
        return None  # "1. #2 …": the labels number the places, and a bare number is a place
    number = match.group(1)
    # the label's "#N" names the option's own subject ("#2 Biscotti…" accepts enquiry 2), not another's (a task
    # picker's "#2" is its order's number, and "2" there is the second task listed)
    tagged = [
        o
        for o in asked.options
        if o.action[0] in ID_LABELLED and o.label.startswith(f"#{number} ") and o.action[1:2] == (number,)
    ]
    return tagged[0] if len(tagged) == 1 else None


VERIFY_PICK_MAX_WORDS = 3  # "2", "the second", "antrą prašau": a pick; longer, a verify verb is needed


def _verifies(text: str) -> bool:
    """Whether words that pick an organisation of /verify ask to verify it: a verification cannot be taken back, so
    a question, a "not yet" or a longer sentence without a verify verb is no pick."""
    if answers.is_question(text) or answers.negates_verifying(text):
        return False
    return answers.verify_words(text) or len(answers.meaningful_words(text)) <= VERIFY_PICK_MAX_WORDS


SENDING_MAX_WORDS = 5  # "просто отправь", "tik išsiųsk žinutę", "invialo e basta"


def _only_sending(asked: asking.Ask, text: str) -> asking.Option | None:
    """The button that sends the words kept at "Send this to …?" or "Decline … with these words?", when a short
    message asks to send them without a word of declining ("send it" alone is a yes, and the yes there declines)."""
    sending = next((o for o in asked.options if o.action[0] == "rpy"), None)
    if sending is None or len(answers.meaningful_words(text)) > SENDING_MAX_WORDS or not answers.says_send(text):
        return None
    return None if answers.has_stem(text, answers.DECLINE_STEMS) else sending


async def _press(turn: Turn, option: asking.Option) -> bool:
    """Run the button ``option`` stands for; False when there is no such button."""
    name, *args = option.action
    handler = registry.BUTTONS.get(name)
    if handler is None:
        return False
    await handler(turn, Action(name, tuple(args)))
    return True


async def _moved_on(turn: Turn, text: str) -> bool:
    """True (and the flow is left) when a number or date question gets no number or date but a new request
    instead — "actually we need a website for our shop" — so that request is served, not re-asked."""
    asked = turn.asked
    if asked is None or asked.expects not in ("number", "date") or len(text.split()) < asking.MOVED_ON_MIN_WORDS:
        return False
    value = asking.interpret(text, asked.expects, language=turn.person.language, now=turn.now)
    if value.kind != "none":
        return False  # a number or a date: the answer, and the intent model need not be asked
    if turn.state.flow == "enquiry" and answers.is_question(text) and answers.asks_about_it(text):
        return False  # "how long does it take?" at "How many?": about the offer (it was read as help: the flow left)
    understood = await turn.understand(text)
    if not asking.is_new_request(text, understood):
        return False
    if await _about_the_offer_asked(turn, understood.entities.get("category")):
        return False  # "we want a modern logo with bread and a wave…" in a logo enquiry: the brief, not a search
    turn.finish()
    return True


async def _about_the_offer_asked(turn: Turn, category: object) -> bool:
    """Whether words of this ``category`` are about the offer of the enquiry being written."""
    listing_id = turn.state.data.get("listing_id") if turn.state.flow == "enquiry" else None
    if listing_id is None or category is None:
        return False
    return (await listing_view(turn.session, int(listing_id))).category == category


def _one_offer_shown(asked: asking.Ask) -> str | None:
    """The listing id when the question open is one offer's card (its ✉️ Enquire the only offer button)."""
    shown = {o.action[1] for o in asked.options if o.action[0] in ("eq", "sd") and len(o.action) > 1}
    return shown.pop() if len(shown) == 1 else None


def _hides_with_words(asked: asking.Ask, text: str) -> bool:
    """ "hide number 1, it's a duplicate" under search results: a decision with words for the school, which the
    button would drop (the school was told it was hidden "without a reason")."""
    said = answers.decision_and_words(text)
    results = any(o.action[0] in ("eq", "sd") for o in asked.options)
    return results and said is not None and answers.moderation_verb(said[0]) == "hide"


def _moderated(asked: asking.Ask, text: str, number: object) -> asking.Option | None:
    """The moderation button a typed decision about item ``number`` presses, if the list has one ("pokaż drugi",
    "parādi otro" are also "restore" words: under search results they open the second offer)."""
    decided = answers.moderation_verb(text)
    if decided is None:
        return None
    option = asked.meaning(f"{decided}:{number}")
    shown = asked.meaning(f"item:{number}") or asked.meaning(f"details:{number}")
    if option is None and decided == "hide" and shown is not None and shown.action[0] in ("eq", "sd"):
        option = asking.Option(None, ("mh", shown.action[1]), "")
    return option


WHICH_ABOUT = N_("Which offer is your question about? Type its number: its details answer most questions.")
RESULT_QUESTION_INTENTS = frozenset({"search_offers", "nlu_fallback", "out_of_scope"})


def _about_the_results(asked: asking.Ask, text: str, result: NluResult) -> bool:
    """A question under several search results that asks for nothing new: no category, place or price of its own."""
    results = asked.expects == "choice" and sum(o.action[0] == "eq" for o in asked.options) > 1
    if not results or result.intent not in RESULT_QUESTION_INTENTS or not answers.is_question(text):
        return False
    new_search = any(key in result.entities for key in ("category", "city", "country"))
    return not new_search and answers.price_cap(text) is None


def _ask_again(turn: Turn, asked: asking.Ask, hint: str | None = None) -> None:
    """A short re-ask naming what is expected, with the same buttons (signed anew)."""
    _ = turn.tr._
    hint = hint or (
        _("Please answer yes or no.") if asked.expects == "yesno" else _("Which one? Type its number, for example «2».")
    )
    question = asked.question
    while question.startswith(hint):  # asked again and again: the hint once, not once per time
        question = question[len(hint) :].lstrip()
    rows = [[turn.button(o.label, *o.action, means=o.means)] for o in asked.options]
    turn.say(hint + ("\n\n" + question if question else ""), rows, expects=asked.expects)


def _leave_question_open(turn: Turn) -> None:
    """Keep what this turn asked in the state, for the next typed answer; a turn that asks nothing closes it."""
    asked = asking.record(turn.replies, turn.expects)
    if asked is None:
        turn.state.data.pop(asking.STATE_KEY, None)
    else:
        turn.state.data[asking.STATE_KEY] = asked.to_json()
