"""Writing back: a message right after a relayed message, a new enquiry or a student's question (or a
swipe-reply to one) continues that conversation — the company and the school talk through the bot, a
teacher's typed answer reaches the student who asked, and the student's reply reaches their teacher.

Why "right after": a notification opens a thread until the person's next message; that message is far more
likely an answer than a new request. Requests to the bot itself (my enquiries, my tasks, help, language)
are still taken as such. A swipe-reply always continues the thread it answers, before any open question
or step (bot.core.router): the person said which message they answer.
"""

from __future__ import annotations

from bot.core import registry
from bot.core.callbacks import Action
from bot.core.turn import Turn
from bot.flows.common import (
    enquiry_in_view,
    enquiry_meant,
    just_relayed,
    kept_words,
    memberships,
    reads_as_request,
    student_name,
)
from bot.flows.orders import keep_typed_task
from domain import enquiries, task_messages, tasks
from domain.errors import DomainError
from domain.limits import INCOMING_MAX, TASK_MESSAGE_MAX
from domain.replies import Thread, open_thread, thread_replied_to
from domain.text_input import require_length
from domain.views import EnquiryView
from nlu import answers

# Intents that ask the bot for something: never relayed as an answer to the other side. (A greeting is
# not among them: "Hello, which flavour would you like?" is for the other side.)
TO_THE_BOT = frozenset({"my_enquiries", "my_listings", "my_tasks", "change_language", "help", "task_done"})


async def _continue(turn: Turn, thread: Thread, text: str) -> None:
    if thread.kind == "enquiry":
        turn.goto("relay", "compose", enquiry_id=thread.id)
        await registry.STEPS[("relay", "compose")](turn, text)
        return
    require_length(text, TASK_MESSAGE_MAX)  # refused whole with its limit, never cut
    if thread.asked:  # a teacher answers a student's question
        task = await tasks.answer_question(turn.session, turn.person, thread.id, answers.words_for_them(text))
        turn.say(turn.tr._("✔ Your answer about «{title}» is sent to the student.", title=task.title),
                 [[turn.button(turn.tr._("↩️ Write more"), "tr", thread.id)]])  # fmt: skip
    else:  # the student writes back after the teacher's answer
        await tasks.ask_about_task(turn.session, turn.person, thread.id, answers.words_for_them(text))
        turn.say(turn.tr._("✔ Your question is sent to your teacher."))


@registry.on_reply
async def continue_replied(turn: Turn, text: str) -> bool:
    """A swipe-reply to a relayed message, a question or an answer: that conversation, whatever else is open."""
    assert turn.reply_to_message_id is not None
    thread = await thread_replied_to(turn.session, turn.person.id, turn.reply_to_message_id)
    if thread is None:
        return False
    await _continue(turn, thread, text)
    return True


# After a card or list (not a notification), these may be a new request as well as an answer: asked first.
RELAY_WORDS = "relay_words"  # memory: words to pass on, kept while the person says to which enquiry
MAYBE_A_REQUEST = frozenset({"search_offers", "post_offer", "send_enquiry"})
SENTENCE_MIN_WORDS = 2  # "cioccolato e fragole" at a yes-or-no question says something of its own
BARE_MAX_WORDS = 2  # "ok thanks", "no": what is said to the bot after sending
HELP_MAX_WORDS = 6  # "what can you do for me?": a short question read as help asks the bot


async def _to_the_bot(turn: Turn, intent: str, text: str) -> bool:
    if answers.student_reply_request(text) is not None:  # "odpowiedz uczniowi: …": for a student, never the company
        return True
    if answers.asks_status(text):  # "какой статус?" right after writing to the school: asked of the bot
        return True
    if answers.only_greeting(text):  # a teacher's "labdien" as the enquiry arrived: greeted back, never relayed
        return True
    if intent == "help":  # "hi, do you have a domain and hosting already?" read as help: for the other side
        return answers.asks_help(text) or len(text.split()) <= HELP_MAX_WORDS
    if intent == "change_language":  # "Hi! Portuguese is fine, …" answers the client: a language asked for is short
        return answers.asks_for_language(text) or len(text.split()) <= HELP_MAX_WORDS // 2
    if intent == "task_done":  # "galim padaryti" ("we can do it") from a teacher reports no task of theirs
        return any(m.role == "student" for m in await memberships(turn))
    return intent in TO_THE_BOT


@registry.in_context(50)
async def continue_thread(turn: Turn, text: str) -> bool:
    """Words right after a notification that invites an answer go to the other side, and so do words right
    after an enquiry was shown (its card, or a list of just that one: a teacher reads /enquiries and types
    the answer) — asked first when they read like a new search or offer. Requests to the bot are served."""
    thread = await open_thread(turn.session, turn.person.id, turn.previous_at)
    in_view = enquiry_in_view(turn) if thread is None else None
    if thread is None and in_view is None:
        return False
    at_yes_or_no = in_view is not None and turn.asked is not None and turn.asked.expects == "yesno"
    if at_yes_or_no and _thinking_aloud(text):
        return False  # "хм, нет, пусть остается" to "Withdraw it?": thinking aloud to the bot, not to the school
    understood = await turn.understand(text)
    intent = understood.intent
    if await _to_the_bot(turn, intent, text):
        return False
    if in_view is not None:
        view = await _view_of(turn, in_view)
        if view is None or view.status not in ("open", "accepted"):
            return False
        if at_yes_or_no:
            # "cioccolato e fragole, grazie" at "Withdraw it?" answers the school's question: asked (it was dropped
            # with "Please answer yes or no", and a later "grazie, ciao" was all the school got)
            _ask_whether_to_send(turn, view, text)
            return True
        after_sending = just_relayed(turn) == in_view
        if view.side == "customer" and intent == "search_offers" and not after_sending:
            return False  # a new need (a need-like line right after one's own message is asked about below)
        if after_sending and _said_to_the_bot(text, intent):
            return False
        asked_for_tasks = any(o.action[0] == "ot" for o in (turn.asked.options if turn.asked else []))
        accepted_now = view.order_id if asked_for_tasks else None
        if accepted_now is not None and _said_to_the_bot(text, intent):
            return False  # "ok" right after accepting: to the bot (it reached the customer at once)
        if accepted_now is not None and not answers.is_question(text) and len(text.split()) >= TASK_LIKE_MIN_WORDS:
            _ask_task_or_message(turn, view, accepted_now, text)
            return True
        if intent in MAYBE_A_REQUEST or (after_sending and answers.is_question(text)):
            _ask_whether_to_send(turn, view, text)
            return True
        thread = Thread("enquiry", in_view)
    assert thread is not None
    if thread.kind != "enquiry" and thread.asked and _about_the_students(text):
        # "how are my students doing?": for the bot, maybe. (Not every need-like answer: "Baltas glajus, prašau"
        # reads as a search to the intent model, and is the answer.)
        await _ask_whether_to_answer(turn, thread.id, text)
        return True
    if thread.kind == "enquiry" and (answers.commands_the_bot(text) or answers.asks_about_them(text)):
        # "mostra o registo de auditoria", "какой у них бюджет?": for the bot, maybe (they were relayed)
        view = await _view_of(turn, thread.id)
        if view is None:
            return False
        _ask_whether_to_send(turn, view, text)
        return True
    clear_search = answers.stance(text) == "need" or "category" in understood.entities
    if thread.kind == "enquiry" and intent == "search_offers" and clear_search:
        # a company's "olá bom dia, preciso de flores para a loja" right after a message from the school: a new
        # need, maybe (a teacher's "kokio skonio norėtumėte?" reads as a need too, and is the answer)
        view = await _view_of(turn, thread.id)
        if view is None:
            return False
        if view.side == "customer":
            _ask_whether_to_send(turn, view, text)
            return True
    await _continue(turn, thread, text)
    return True


def _thinking_aloud(text: str) -> bool:
    """A yes, a no, keeping it, or a few words: what is said to the bot's own yes-or-no question."""
    return (
        answers.yes_no(text) is not None
        or answers.keeps(text)
        or answers.control_word(text) is not None
        or len(answers.meaningful_words(text)) < SENTENCE_MIN_WORDS
    )


def _said_to_the_bot(text: str, intent: str) -> bool:
    """ "ok", "thanks", "no", "👍" right after one's own message was passed on: said to the bot, not more for the
    other side (a bare "no" and "ok" reached the school, a line after the person's own message)."""
    meaningful = answers.meaningful_words(text)
    if len(meaningful) > BARE_MAX_WORDS:
        return False
    if not meaningful and not answers.is_question(text):  # "ačiū!", "paldies", "thank you"
        return True
    return intent in ("thank", "goodbye") or answers.acknowledges(text) or answers.yes_no(text) is not None


async def _view_of(turn: Turn, enquiry_id: int) -> EnquiryView | None:
    """The enquiry as this person sees it; None when it is no longer theirs to answer (they left the school):
    then their words are read on their own."""
    try:
        return await enquiries.enquiry_view(turn.session, turn.person, enquiry_id)
    except DomainError:
        return None


@registry.in_context(9)
async def change_in_words(turn: Turn, text: str) -> bool:
    """A company's "хочу изменить количество на 30" about the enquiry or order it sent: offered to the school as a
    message (it ran a search), and so is a number corrected ("vajag 10 kg nevis 8"). Only when one enquiry is
    meant; several open ones leave the words to the rest."""
    # "sorry, I actually need 250", "desculpe, afinal preciso de 8 kg": a number taken back (it was searched for)
    # "atsiprašau, turėjau omeny 250 vnt, ne 200": before the results still shown take "250" as a refinement
    corrects = (answers.takes_back(text) or answers.says_meant(text)) and any(c.isdigit() for c in text)
    if not answers.asks_change(text) and answers.corrected_number(text) is None and not corrects:
        return False
    sent = [v for v in await enquiries.enquiries_for(turn.session, turn.person)
            if v.side == "customer" and v.status in ("open", "accepted")]  # fmt: skip
    enquiry_id = await enquiry_meant(turn, text, sent)
    view = next((v for v in sent if v.id == enquiry_id), None)
    if view is None:
        return False
    _ask_whether_to_send(turn, view, text, change=True)
    return True


@registry.step("relay", "maybe")
async def typed_at_send_this(turn: Turn, text: str) -> None:
    """Words typed while "Send this to …?" waits for a yes or a no (a blind tester's first words were dropped without
    a word, and the second were searched for): more words for the same side join the first and are asked about
    once; a request of its own is served, and the words that waited are said not to be sent."""
    data = dict(turn.state.data)
    kept = str(data.get("text") or "")
    enquiry_id = data.get("enquiry_id")
    plain = turn.asked is not None and not any(o.action[0] == "otk" for o in turn.asked.options)  # not "task or…?"
    more = (
        plain
        and enquiry_id is not None
        and not await reads_as_request(turn, text)
        and not answers.asks_status(text)
        and len(answers.meaningful_words(text)) >= SENTENCE_MIN_WORDS
    )
    mark = len(turn.replies)
    # what the situation makes of them first ("five!!! super tasty" at the "How was it?" that came since: the rating)
    if not await registry.served_in_context(turn, text, skipping=_OFFERING_TO_SEND):
        view = await _view_of(turn, int(enquiry_id)) if more and enquiry_id is not None else None
        if view is not None and view.status in ("open", "accepted"):
            _ask_whether_to_send(turn, view, f"{kept}\n{text}"[:INCOMING_MAX], change=True)
            return
        result = await turn.understand(text)
        await (registry.INTENTS.get(result.intent) or registry.INTENTS["search_offers"])(turn, text)
    if plain and kept and (turn.state.flow, turn.state.step) != ("relay", "maybe"):
        turn.say(turn.tr._("Not sent: «{words}».", words=kept[:NOT_SENT_SHOWN]))
        turn.replies.insert(mark, turn.replies.pop())  # said before what the new words got


NOT_SENT_SHOWN = 80  # characters of the words that waited, quoted when they are dropped


def _ask_whether_to_send(turn: Turn, view: EnquiryView, text: str, *, change: bool = False) -> None:
    _ = turn.tr._
    turn.goto("relay", "maybe", enquiry_id=view.id, text=text[:INCOMING_MAX])
    other, number = view.other_organisation_name, view.id
    turn.say(
        _("Send this to {other} as a message about enquiry #{id}?", other=other, id=number)
        if change
        else _("Send this to {other} as your answer to enquiry #{id}?", other=other, id=number),
        [
            [
                turn.button(_("📨 Send"), "rpy", view.id, means="yes"),
                turn.button(_("No, this is for the bot"), "rpn", means="no"),
            ]
        ],
    )


TASK_LIKE_MIN_WORDS = 3  # "Jonas atspausdina pakabukus iki penktadienio, Ona supakuoja…" (not "ačiū!")


def _ask_task_or_message(turn: Turn, view: EnquiryView, order_id: int, text: str) -> None:
    """Right after accepting (the bot asked to split the order into tasks), a sentence may be a task plan for the
    students or a note for the client: asked which (a task plan was offered to the client as the answer)."""
    _ = turn.tr._
    turn.goto("relay", "maybe", enquiry_id=view.id, text=text[:INCOMING_MAX])
    keep_typed_task(turn, text, text)
    turn.say(
        _("Is this a task for your students, or a message to {other}?", other=view.other_organisation_name),
        [[turn.button(_("➕ Task for the students"), "otk", order_id)],
         [turn.button(_("📨 Send"), "rpy", view.id, means="yes"),
          turn.button(_("No, this is for the bot"), "rpn", means="no")]],
    )  # fmt: skip


def _about_the_students(text: str) -> bool:
    """A question that speaks of students, not to one ("how are my students doing?", "kaip sekasi mokiniams?")."""
    return answers.is_question(text) and answers.names_students(text)


async def _ask_whether_to_answer(turn: Turn, assignment_id: int, text: str) -> None:
    """A teacher's words right after a student's question that may be meant for the bot: asked, as for a company
    (they reached the student as the teacher's answer)."""
    _ = turn.tr._
    thread = await task_messages.staff_thread(turn.session, turn.person, assignment_id)
    name = student_name(turn.tr, thread.student_name, erased=thread.student_erased)
    turn.goto("relay", "maybe", assignment_id=assignment_id, text=text[:INCOMING_MAX])
    turn.say(
        _("Send this to {student} as your answer about «{task}»?", student=name, task=thread.task_title),
        [[turn.button(_("📨 Send"), "tay", assignment_id, means="yes"),
          turn.button(_("No, this is for the bot"), "rpn", means="no")]],
    )  # fmt: skip


@registry.button("tay")
async def on_answer_maybe(turn: Turn, action: Action) -> None:
    kept = kept_words(turn, action, "assignment_id")
    if kept is not None:
        turn.finish()
        await _continue(turn, Thread("task", kept[0], asked=True), kept[1])


@registry.button("rpy")
async def on_send_maybe(turn: Turn, action: Action) -> None:
    kept = kept_words(turn, action, "enquiry_id")
    if kept is not None:
        await _continue(turn, Thread("enquiry", kept[0]), kept[1])


@registry.button("rpn")
async def on_not_a_reply(turn: Turn, _action: Action) -> None:
    """Not for the other side: the words are served as the request they read like."""
    text = str(turn.state.data.get("text") or "") if turn.state.flow == "relay" else ""
    turn.finish()
    if not text:
        turn.say(turn.tr._("OK."))
        return
    if await registry.served_in_context(turn, text, skipping=_OFFERING_TO_SEND):  # "…we accept this order"
        return
    result = await turn.understand(text)
    handler = registry.INTENTS.get(result.intent) or registry.INTENTS["search_offers"]
    await handler(turn, text)


@registry.in_context(10)
async def reply_word(turn: Turn, text: str) -> bool:
    """ "atsakyti", "reply", "ответить" typed right under a notification with ↩️ Reply: that button. Under a
    student's question it listed the school's enquiries, and the teacher's next line reached the client."""
    if not answers.bare_reply(text):
        return False
    thread = await open_thread(turn.session, turn.person.id, turn.previous_at)
    if thread is None:
        return False
    if thread.kind == "task" and thread.asked:
        await registry.BUTTONS["tr"](turn, Action("tr", (str(thread.id),)))
        return True
    if thread.kind == "enquiry":
        await registry.BUTTONS["rp"](turn, Action("rp", (str(thread.id),)))
        return True
    return False


# --- "tell the client that …": passing words on, asked for in so many words ------------------------------------


@registry.in_context(11)
async def relay_in_words(turn: Turn, text: str) -> bool:
    """ "Diga ao cliente que o rótulo está incluído", "napisz do firmy, że…", "noriu parašyti mokyklai": the words
    go to the other side of the enquiry meant (asked which when it is not clear), or a message is asked for."""
    words = answers.relay_request(text)
    roles = await memberships(turn)
    if roles and all(m.role == "student" for m in roles):
        return False  # "напиши учителю что я заболел": for the teacher (bot/flows/tasks.py), no company's
    if words is None:
        return await _told_by_name(turn, text)
    active = await _active_enquiries(turn)
    meant = await enquiry_meant(turn, text, active, by_name=True)
    if not active:
        turn.say(turn.tr._("There are no enquiries yet."))
        return True
    if meant is None:
        turn.remember(RELAY_WORDS, words[:INCOMING_MAX])
        rows = [[turn.button(f"{n}. #{v.id} {v.listing_title} — {v.other_organisation_name}"[:60], "rpw", v.id,
                             means=f"item:{n}")] for n, v in enumerate(active[:8], start=1)]  # fmt: skip
        turn.say(turn.tr._("Which one? Type its number, for example «2»."), rows, expects="choice")
        return True
    await _relay_or_ask(turn, meant, words)
    return True


async def _active_enquiries(turn: Turn) -> list[EnquiryView]:
    return [v for v in await enquiries.enquiries_for(turn.session, turn.person) if v.status in ("open", "accepted")]


async def _told_by_name(turn: Turn, text: str) -> bool:
    """ "tell Padaria we can only make 150 by Friday", "powiedz Fajne Eventy, że…": the words go to the enquiry of
    the side named (a teacher's were read as an offer, and published)."""
    active = await _active_enquiries(turn)
    told = answers.told_by_name(text, [v.other_organisation_name for v in active]) if active else None
    if told is None:
        return False
    await _relay_or_ask(turn, active[told[0]].id, told[1])
    return True


async def _relay_or_ask(turn: Turn, enquiry_id: int, words: str) -> None:
    if words:
        await _continue(turn, Thread("enquiry", enquiry_id), words)
    else:
        await registry.BUTTONS["rp"](turn, Action("rp", (str(enquiry_id),)))


@registry.button("rpw")
async def on_relay_to(turn: Turn, action: Action) -> None:
    """The enquiry chosen for words typed before ("tell the client that …" with several open)."""
    words = turn.recall(RELAY_WORDS)
    if words is None:
        turn.say(turn.tr._("This button is no longer valid. Send /menu to start again."))
        return
    turn.remember(RELAY_WORDS, None)
    await _relay_or_ask(turn, action.arg_int(0), str(words))


# The handlers that pass words on or ask "Send this to …?": after "No, this is for the bot" none of them may ask it
# again ("5 no 5", a rating, was asked about again and again, until "loti labi, 5" — "labi" is a yes — sent it).
_OFFERING_TO_SEND = (continue_thread, change_in_words, relay_in_words)
