"""Dialogue flows, one per module; importing this package registers their handlers.

Free text that answers no open question and no step is offered to the context handlers in this order
(``registry.in_context(priority)``), before its intent is acted on:

| priority | module | takes |
|---|---|---|
| 3 | search | "what do you have?", "co macie?", "show me all categories": what the bot is, its largest categories |
| 4 | start | "is it free?", "ar tai nemokama?", "это бесплатно?": yes, and who sets the prices |
| 5 | listen | "read it to me", "perskaityk man", "прочитай": the newest notification as a voice note |
| 6 | coordination | a coordinator's decision right after a report: "hide it", "paslėpk", "скрыть", "restore" |
| 6 | invites | school staff's "invite a student", "pakviesti mokytoją", "отозвать приглашение 2", "my invites" |
| 7 | cancellations | "cancel my enquiry to the bakery", "отмените заказ 5" (withdraw / cancel, either side) |
| 8 | offer_reports | "report this offer", "pranešti apie šį pasiūlymą" (the offer last shown or looked at) |
| 9 | visits | a company's "we employ people with disabilities", "įdarbiname žmones su negalia" (asks to confirm) |
| 9 | company_details | a company admin's "the city is Braga", "zmień nazwę firmy na …"; "no, Kaunas" after sign-up |
| 9 | enquiry | a customer's "order the same again, 4 kg by 15 January": an enquiry for their newest order's offer |
| 9 | threads | a customer's change to what they sent: "хочу изменить количество на 30", "turėjau omeny 250, ne 200" |
| 10 | search | a refinement of the results just shown: "iki 100 eurų", "only in Latvia", "cheaper" |
| 10 | threads | "atsakyti", "reply", "ответить" right under a notification: its ↩️ Reply |
| 12 | order_terms | school staff's "mudar o prazo para 22 de dezembro", "change the quantity of order 1 to 150" |
| 12 | visits | a teacher's "įmonių lankymas Vilniuje", "company visits for my class", "визит на предприятие" |
| 13 | offer | a teacher's "how do I post a new offer?", "como ponho uma oferta nova?": /offer |
| 15 | task_edit | a teacher's change to a task: "move the task to Monday", "delete task 2", "add Ona to task 1" |
| 18 | orders | school staff's "remind Student B", "напомни всем про сроки": a reminder to the students now |
| 19 | orders | school staff's "how are my students doing?", "come stanno i ragazzi?": the orders with tasks done |
| 20 | enquiry, orders | a teacher's command: "priimu užsakymą 4", "we decline", "order complete", "task: …" |
| 25 | reports | a coordinator's report request: "this month by country", "pernai pagal kategorijas" |
| 26 | coordination | a coordinator's list in words: "show complaints", "organisations to verify", "audit log" |
| 30 | enquiry | a customer's rating in words: "5 stars, great work" |
| 40 | tasks | a student's "got it" (acknowledges, never marks done) |
| 50 | threads | an answer to the relayed message, enquiry or question that just arrived |
| 55 | alerts | "let me know when something like this appears", "my alerts", "delete alert 2", "stop all alerts" |
| 60 | tasks | a student's question about their task |

A swipe-reply to a relayed message, a question or an answer is taken before all of these, and before any
open question or step (``registry.on_reply``, bot/flows/threads.py); "read it to me" as a swipe-reply reads that
message aloud (bot/flows/listen.py, before threads).

A photo or document (``registry.on_file(priority)``), with its caption:

| priority | module | takes |
|---|---|---|
| 5 | photos | a picture while an offer is drafted, or after 🖼 on a published offer |
| 10 | documents | the file 📎 Add a document asked for (an order's PDF, DOCX or ODT) |
| 20 | attachments | a swipe-reply to a relayed message, question or answer: passed on in that conversation |
| 30 | attachments | after ↩️ Reply or ❓ (the relay, task-answer and question steps) |
| 40 | attachments | right after a message of a conversation arrived |
| 90 | documents | anything else: a document asks which order it is for; a photo is told what can be done |
"""

from bot.flows import (
    account,
    alerts,
    attachments,
    cancellations,
    company_details,
    coordination,
    documents,
    enquiry,
    invites,
    listen,
    listings,
    offer,
    offer_reports,
    order_terms,
    orders,
    photos,
    reports,
    search,
    start,
    task_edit,
    task_plan,
    task_talk,
    tasks,
    threads,
    visits,
)

__all__ = [
    "account", "alerts", "attachments", "cancellations", "company_details", "coordination", "documents", "enquiry",
    "invites", "listen", "listings", "offer", "offer_reports", "order_terms", "orders", "photos", "reports", "search",
    "start",
    "task_edit", "task_plan", "task_talk", "tasks", "threads", "visits",
]  # fmt: skip
