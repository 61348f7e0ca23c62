"""How offers, prices and lead times read, in the reader's language and locale."""

from __future__ import annotations

from decimal import Decimal

from bot.i18n import N_, Safe, Translator, escape
from domain.search.service import SearchHit
from domain.views import ListingView

UNITS = {
    "item": N_("per item"),
    "hour": N_("per hour"),
    "kg": N_("per kg"),
    "person": N_("per person"),
    "project": N_("per project"),
}


def price_text(tr: Translator, amount: Decimal | None, currency: str | None, unit: str | None) -> str:
    if amount is None or currency is None:
        return tr._("price on request")
    price = tr.money(amount, currency)
    return f"{price} {tr._(UNITS[unit])}" if unit in UNITS else price


def quantity_text(tr: Translator, n: int, unit: str | None) -> str:
    """ "6 kg", "40 people", "3 hours", "20 pieces": a quantity in the unit the customer said it in; a bare number
    when they counted things ("40 cupcakes") or gave no unit (enquiries.quantity_unit, 0016)."""
    if unit == "kg":
        return tr.n_("{n} kg", "{n} kg", n)
    if unit == "person":
        return tr.n_("{n} person", "{n} people", n)
    if unit == "hour":
        return tr.n_("{n} hour", "{n} hours", n)
    if unit == "item":
        return tr.n_("{n} piece", "{n} pieces", n)
    return tr.number(n)


def lead_text(tr: Translator, days: int | None) -> str:
    if days is None:
        return ""
    return tr.n_("ready in {n} day", "ready in {n} days", days)


def hit_card(tr: Translator, number: int, hit: SearchHit) -> str:
    facts = [price_text(tr, hit.price_amount, hit.price_currency, hit.price_unit), lead_text(tr, hit.lead_time_days)]
    place = f"{escape(hit.city)}, {escape(tr.country(hit.country))}"
    return "\n".join(
        [
            f"<b>{number}. {escape(hit.title)}</b>",
            f"🏫 {escape(hit.organisation_name)} · {place}",
            "💶 " + " · ".join(escape(f) for f in facts if f),
        ]
    )


def offer_card(tr: Translator, view: ListingView) -> str:
    """A listing as a search result reads (hit_card), for a notification about it."""
    facts = [
        price_text(tr, view.price_amount, view.price_currency, view.price_unit),
        lead_text(tr, view.lead_time_days),
    ]
    return "\n".join(
        [
            f"<b>{escape(view.title)}</b>",
            f"🏫 {escape(view.organisation_name)} · {escape(view.city)}, {escape(tr.country(view.country))}",
            f"🏷 {escape(tr.category(view.category))}",
            "💶 " + " · ".join(escape(f) for f in facts if f),
        ]
    )


def listing_details(tr: Translator, view: ListingView) -> str:
    facts = [
        price_text(tr, view.price_amount, view.price_currency, view.price_unit),
        lead_text(tr, view.lead_time_days),
    ]
    lines = [
        f"<b>{escape(view.title)}</b>",
        f"🏫 {escape(view.organisation_name)} · {escape(view.city)}, {escape(tr.country(view.country))}",
        f"🏷 {escape(tr.category(view.category))}",
        "💶 " + " · ".join(escape(f) for f in facts if f),
    ]
    if view.min_quantity and view.min_quantity > 1:
        lines.append(tr._("Minimum order: {n}", n=tr.number(view.min_quantity)))
    if view.delivers_to:
        lines.append(tr._("Delivers to: {countries}", countries=", ".join(tr.country(c) for c in view.delivers_to)))
    if view.rating_count:
        average = f"{view.rating_avg:.1f}" if view.rating_avg is not None else "–"
        count = view.rating_count
        lines.append(tr.n_("⭐ {stars} from {n} review", "⭐ {stars} from {n} reviews", count, stars=average))
        for review in view.recent_reviews:
            comment = f" — «{escape(review.comment)}»" if review.comment else ""
            stars = "★" * review.rating + "☆" * (5 - review.rating)
            lines.append(Safe(f"  {stars} {escape(review.author_organisation_name)}{comment}"))
    lines.append("")
    lines.append(escape(view.description))
    return "\n".join(lines)
