"""Dialogue flows, one per module; importing this package registers their handlers.

Free text that answers no open question and no step is offered to the context handlers in this order
(``registry.in_context(priority)``), before its intent is acted on:

| priority | module | takes |
|---|---|---|
| 7 | cancellations | "cancel my enquiry to the bakery", "отмените заказ 5" (withdraw / cancel, either side) |
| 10 | search | a refinement of the results just shown: "iki 100 eurų", "only in Latvia", "cheaper" |
| 15 | task_edit | a teacher's change to a task: "move the task to Monday", "delete task 2", "add Ona to task 1" |
| 20 | enquiry, orders | a teacher's command: "priimu užsakymą 4", "we decline", "order complete", "task: …" |
| 30 | enquiry | a customer's rating in words: "5 stars, great work" |
| 40 | tasks | a student's "got it" (acknowledges, never marks done) |
| 50 | threads | an answer to the relayed message, enquiry or question that just arrived |
| 55 | alerts | "let me know when something like this appears", "my alerts", "delete alert 2", "stop all alerts" |
| 60 | tasks | a student's question about their task |

A swipe-reply to a relayed message, a question or an answer is taken before all of these, and before any
open question or step (``registry.on_reply``, bot/flows/threads.py).
"""

from bot.flows import (
    account,
    alerts,
    cancellations,
    enquiry,
    listings,
    offer,
    orders,
    search,
    start,
    task_edit,
    task_talk,
    tasks,
    threads,
)

__all__ = [
    "account", "alerts", "cancellations", "enquiry", "listings", "offer", "orders", "search", "start", "task_edit",
    "task_talk", "tasks", "threads",
]  # fmt: skip
