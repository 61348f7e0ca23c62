"""Dialogue flows, one per module; importing this package registers their handlers."""

from bot.flows import account, enquiry, listings, offer, orders, search, start, tasks

__all__ = ["account", "enquiry", "listings", "offer", "orders", "search", "start", "tasks"]
