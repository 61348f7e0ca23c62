"""Taking a deal back: a buyer withdraws an enquiry not yet accepted; either side cancels an order with a reason.

Why the two differ: a withdrawal costs the school nothing, so it is one question ("Withdraw it?"); a
cancelled order stops work already begun, so the other side gets a reason, asked for first. Both are
reached by the ✖️ buttons on the enquiry and order cards and in words ("cancel my enquiry to the bakery",
"atšaukite užsakymą 5"): the words name the enquiry or order by its number, the school, the customer or
the offer, or need not name it when there is only one. "Keep it" / "Keep the order" (typed "no" or
"cancel" too) shows the card again, unchanged.

Actions (callback names): xw = withdraw? (enquiry), xwy = withdraw (confirmed), xo = cancel order (asks the
reason), xoy = cancel the order with the reason said in words (confirmed). "Keep it" reuses eo / oo, which
show the enquiry / order.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core import registry
from bot.core.callbacks import Action
from bot.core.turn import Turn
from bot.core.types import Button
from bot.flows.common import enquiry_in_view
from bot.flows.enquiry import on_open as show_enquiry_card
from bot.flows.errors import describe
from bot.flows.orders import on_open as show_order_card
from domain import cancellations, enquiries, orders
from domain.errors import Forbidden, Invalid
from domain.limits import CANCEL_REASON_MAX
from domain.text_input import require_length
from nlu import answers

FLOW = "cancelorder"
KEEP_MAX_WORDS = 3  # "no", "ne, palikite": a short no to "Why do you cancel?" keeps the order
LABEL_TITLE_MAX = 40  # an offer's title on a button that picks among several


# --- withdrawing an enquiry ------------------------------------------------------------------------------

# A reason said with "cancel the order, …" when "which one?" had to be asked: used once the order is chosen.
REASON_KEY = "cancel_reason"
# The reason said with "cancel my enquiry, we found another supplier", for that enquiry: [id, reason]. The school
# is told it with the withdrawal (it was dropped).
WITHDRAW_REASON = "withdraw_reason"


@registry.button("xw")
async def on_withdraw_ask(turn: Turn, action: Action) -> None:
    view = await enquiries.enquiry_view(turn.session, turn.person, action.arg_int(0))
    tr = turn.tr
    if view.side == "customer" and view.status == "accepted" and view.order_id is not None:
        await show_order_card(turn, Action("oo", (str(view.order_id),)))  # accepted: the order is what to cancel
        return
    if view.side != "customer" or view.status != "open":
        turn.say(describe(tr, Invalid("enquiry_closed") if view.side == "customer" else Forbidden("not_the_customer")))
        return
    if given := turn.recall(REASON_KEY):  # said with "cancel my enquiry, …" before "which one?" was asked
        turn.remember(REASON_KEY, None)
        turn.remember(WITHDRAW_REASON, [view.id, str(given)])
    turn.say(
        tr._("Withdraw your enquiry #{id} to {school} about «{listing}»?", id=view.id, school=view.to_organisation_name,
             listing=view.listing_title),
        [[turn.button(tr._("✖️ Yes, withdraw"), "xwy", view.id, means="yes"),
          turn.button(tr._("Keep it"), "eo", view.id, means="no")]],
    )  # fmt: skip


registry.CANCEL_CONFIRMING.add("xwy")
REASON_MIN_WORDS = 3


def _a_sentence(typed: str) -> str | None:
    """A reason typed alone at "Withdraw it?" ("the seminar was cancelled, sorry": read as the yes, it was lost)."""
    if answers.yes_no(typed) is not None or answers.control_word(typed) is not None:
        return None
    return typed if len(answers.meaningful_words(typed)) >= REASON_MIN_WORDS else None


@registry.button("xwy")
async def on_withdraw(turn: Turn, action: Action) -> None:
    enquiry_id = action.arg_int(0)
    said = turn.recall(WITHDRAW_REASON)  # [enquiry id, reason]: said with "cancel my enquiry, …"
    turn.remember(WITHDRAW_REASON, None)
    reason = str(said[1]) if isinstance(said, list) and len(said) == 2 and said[0] == enquiry_id else ""
    if turn.typed:  # "yes, we found another supplier": the reason said with the yes
        reason = answers.reason_given(turn.typed) or _a_sentence(turn.typed) or reason
    view = await cancellations.withdraw_enquiry(turn.session, turn.person, enquiry_id, reason[:CANCEL_REASON_MAX])
    turn.finish()
    turn.say(turn.tr._("Your enquiry #{id} is withdrawn. {school} will be told.", id=view.id,
                       school=view.to_organisation_name))  # fmt: skip


# --- cancelling an order: the reason, then done ----------------------------------------------------------


@registry.button("xo")
async def on_cancel_ask(turn: Turn, action: Action) -> None:
    view = await orders.order_view(turn.session, turn.person, action.arg_int(0))
    tr = turn.tr
    if view.status != "in_progress":
        turn.say(tr._("This order is not in progress any more."))
        return
    other = view.customer_name if view.side == "school" else view.school_name
    turn.finish()
    turn.goto(FLOW, "reason", order_id=view.id)
    given = turn.recall(REASON_KEY)
    if given:  # said with "cancel the order, …" before "which one?" was asked
        turn.remember(REASON_KEY, None)
        _confirm_cancel(turn, view.id, view.listing_title, other, str(given))
        return
    turn.say(
        tr._("Why do you cancel order #{id} «{listing}»? Your answer goes to {other}.", id=view.id,
             listing=view.listing_title, other=other),
        [[turn.button(tr._("Keep the order"), "oo", view.id, means="no")]],
        expects="text",
    )  # fmt: skip


@registry.step(FLOW, "reason")
async def cancel_reason(turn: Turn, text: str) -> None:
    order_id = int(turn.state.data["order_id"])
    if (answers.yes_no(text) == "no" and len(text.split()) <= KEEP_MAX_WORDS) or answers.keeps(text):
        turn.say(turn.tr._("OK, the order stays: nothing is cancelled."))
        await show_order_card(turn, Action("oo", (str(order_id),)))
        return
    if len(text.split()) <= KEEP_MAX_WORDS and answers.ordinal(text, 10) is not None:  # "the first one": no reason
        await on_cancel_ask(turn, Action("xo", (str(order_id),)))
        return
    if answers.gives_no_reason(text):  # "yes", "sim", "bez powodu": the other side read "Reason: yes"
        turn.say(turn.tr._("Please write the reason in a few words: the other side reads it with the cancellation."),
                 [[turn.button(turn.tr._("Keep the order"), "oo", order_id, means="no")]], expects="text")  # fmt: skip
        return
    view = await cancellations.cancel_order(
        turn.session, turn.person, order_id, require_length(text, CANCEL_REASON_MAX)
    )
    other = view.customer_name if view.side == "school" else view.school_name
    turn.finish()
    turn.say(turn.tr._("Order #{id} is cancelled. {other} will be told.", id=view.id, other=other))


# A reason said in the same words as the cancellation ("отменяю заказ, сломалась печь"): [order id, reason], kept
# while "Cancel it with this reason?" waits. Cancelling stops the students' work, so it is asked, never assumed
# (a tester's "we may have to cancel the order, the oven broke" cancelled it at once).
CONFIRM_KEY = "cancel_confirm"


def _confirm_cancel(turn: Turn, order_id: int, title: str, other: str, reason: str) -> None:
    tr = turn.tr
    turn.finish()
    turn.remember(CONFIRM_KEY, [order_id, reason[:CANCEL_REASON_MAX]])
    turn.say(
        tr._("Cancel order #{id} «{listing}» with this reason: «{reason}»? {other} will be told.", id=order_id,
             listing=title, reason=reason[:CANCEL_REASON_MAX], other=other),
        [[turn.button(tr._("✖️ Yes, cancel the order"), "xoy", order_id, means="yes"),
          turn.button(tr._("Keep the order"), "oo", order_id, means="no")]],
        expects="yesno",
    )  # fmt: skip


registry.CANCEL_CONFIRMING.add("xoy")


@registry.button("xoy")
async def on_cancel_confirmed(turn: Turn, action: Action) -> None:
    order_id = action.arg_int(0)
    said = turn.recall(CONFIRM_KEY)
    turn.remember(CONFIRM_KEY, None)
    if not (isinstance(said, list) and len(said) == 2 and said[0] == order_id):
        await on_cancel_ask(turn, Action("xo", (str(order_id),)))  # the reason is gone: asked for again
        return
    view = await cancellations.cancel_order(turn.session, turn.person, order_id, str(said[1]))
    other = view.customer_name if view.side == "school" else view.school_name
    turn.finish()
    turn.say(turn.tr._("Order #{id} is cancelled. {other} will be told.", id=view.id, other=other))


# --- the same in words -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cancellable:
    """An open enquiry the person sent, or an order in progress on either side: what words may name."""

    kind: str  # enquiry | order
    id: int
    enquiry_id: int
    title: str
    other: str  # the other side's organisation

    def button(self, turn: Turn, number: int) -> Button:
        tr = turn.tr
        label = tr._("📨 Enquiry #{id}", id=self.id) if self.kind == "enquiry" else tr._("🧰 Order #{id}", id=self.id)
        action = "xw" if self.kind == "enquiry" else "xo"
        title = self.title if len(self.title) <= LABEL_TITLE_MAX else self.title[: LABEL_TITLE_MAX - 1] + "…"
        return turn.button(f"{number}. {label} · {title} — {self.other}", action, self.id, means=f"item:{number}")


async def _cancellable(turn: Turn) -> list[Cancellable]:
    found = [
        Cancellable("enquiry", e.id, e.id, e.listing_title, e.to_organisation_name)
        for e in await enquiries.enquiries_for(turn.session, turn.person)
        if e.side == "customer" and e.status == "open"
    ]
    for o in await orders.orders_for(turn.session, turn.person):
        if o.status == "in_progress":
            other = o.customer_name if o.side == "school" else o.school_name
            found.append(Cancellable("order", o.id, o.enquiry_id, o.listing_title, other))
    return found


def _named(found: list[Cancellable], text: str, wanted: answers.CancelWhat) -> tuple[list[Cancellable], bool]:
    """Those the words name: by number, else by the other side's name or the offer's title, else by kind; and
    whether the words named them (a number, a name, a title word) rather than only said "order" or "enquiry"."""
    number = answers.reference_number(text)
    by_number = [c for c in found if number in (c.id, c.enquiry_id)]
    if by_number:
        found = by_number
    scores = {c: answers.mentions(text, f"{c.title} {c.other}") for c in found}
    best = max(scores.values(), default=0)
    if best:
        found = [c for c in found if scores[c] == best]
    of_kind = [c for c in found if c.kind == wanted]
    return of_kind or found, bool(by_number) or best > 0


@registry.in_context(7)
async def cancel_in_words(turn: Turn, text: str) -> bool:
    """ "Cancel my enquiry to the bakery", "отмените заказ 5": the same questions as the ✖️ buttons."""
    wanted = answers.cancel_request(text)
    shown = enquiry_in_view(turn)
    if wanted is None and shown is not None and answers.cancels_the_one_shown(text):
        # "ладно, всё-таки отмените его", "vis dėl to atšaukit" with an enquiry's card on the screen: that one
        view = await enquiries.enquiry_view(turn.session, turn.person, shown)
        if view.side != "customer" or view.status not in ("open", "accepted"):
            return False
        asked_already = any(o.action == ("xwy", str(view.id)) for o in (turn.asked.options if turn.asked else []))
        if view.status == "accepted" and view.order_id is not None:
            await on_cancel_ask(turn, Action("xo", (str(view.order_id),)))
        elif asked_already:  # "the seminar was cancelled, sorry" at "Withdraw it?": the yes, with its reason
            await on_withdraw(turn, Action("xwy", (str(view.id),)))
        else:
            await on_withdraw_ask(turn, Action("xw", (str(view.id),)))
        return True
    if wanted is None:
        return False
    # "was my order cancelled?", "can you cancel my order?": the card answers both (with its ✖️ button)
    question = answers.is_question(text)
    tr = turn.tr
    found = await _cancellable(turn)
    if not found:
        if question:
            return False  # about one that is closed already: what the intent makes of it (my enquiries)
        turn.say(tr._("You have no open enquiry or order to cancel."))
        return True
    named, explicit = _named(found, text, wanted)
    if len(named) == 1 and not explicit and len(found) > 1 and not question:
        # "please cancel the keychain order": "order" alone, with a keychain enquiry and a website order open —
        # which one is asked (the website order was cancelled at once, and the school told)
        named = found
    if len(named) == 1:
        only = named[0]
        if question:
            show = show_enquiry_card if only.kind == "enquiry" else show_order_card
            await show(turn, Action("eo" if only.kind == "enquiry" else "oo", (str(only.id),)))
            return True
        handler = on_withdraw_ask if only.kind == "enquiry" else on_cancel_ask
        await handler(turn, Action("xw" if only.kind == "enquiry" else "xo", (str(only.id),)))
        reason = answers.reason_besides_request(text) or answers.reason_given(text)
        if only.kind == "enquiry" and reason is not None:
            turn.remember(WITHDRAW_REASON, [only.id, reason])
        if only.kind == "order" and reason is not None:  # "отменяю заказ, сломалась печь": asked with its reason
            turn.replies.clear()
            order = await orders.order_view(turn.session, turn.person, only.id)
            if order.status == "in_progress":
                _confirm_cancel(turn, only.id, only.title, only.other, require_length(reason, CANCEL_REASON_MAX))
            else:
                await on_cancel_ask(turn, Action("xo", (str(only.id),)))
        return True
    turn.remember(REASON_KEY, answers.reason_given(text))  # "cancel the order, we found another supplier"
    turn.say(tr._("Which one? Type its number, for example «2»."),
             [[c.button(turn, number)] for number, c in enumerate(named, start=1)], expects="choice")  # fmt: skip
    return True
