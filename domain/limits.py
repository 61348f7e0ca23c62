"""Every limit on what people type or send, in one place.

Why one module: the bot checks a limit before it asks the next question and the domain service
checks it again before it stores the text (the CLI and the catalogue import come in without the bot).
When the two disagreed, people got a silent cut or a vague refusal; now both read the same numbers.
Lengths are in characters (Python ``len``) unless the name says otherwise.
"""

from __future__ import annotations

from decimal import Decimal

# --- one incoming message and one outgoing message ---------------------------------------------------------
INCOMING_MAX = 4096  # Telegram's own limit for a message: anything longer did not come from Telegram's clients
REPLY_MAX = 4000  # one outgoing message, in UTF-16 units of its HTML: Telegram stops at 4,096 visible units

# --- free text that is stored and shown to the other side -------------------------------------------------
RELAY_MAX = 4000  # a message relayed between a company and a school
ENQUIRY_MESSAGE_MAX = 2000  # the note sent with an enquiry
DECLINE_REASON_MAX = 1000  # why a school declines an enquiry
CANCEL_REASON_MAX = 1000  # why either side cancels an order
REPORT_REASON_MAX = 1000  # why someone reports a listing to the coordinators (0012)
MODERATION_NOTE_MAX = 1000  # what a coordinator tells a school when hiding its offer ("hide it, the photos are …")
REVIEW_COMMENT_MAX = 1000  # the comment with a rating
TASK_QUESTION_MAX = 1000  # a student's question about a task
TASK_MESSAGE_MAX = TASK_QUESTION_MAX  # a stored message about a task: a student's question or a teacher's answer
TASK_TITLE_MAX = 200
VISIT_WHAT_MAX = 300  # what a class can see on a company visit (0015)
VISIT_NOTES_MAX = 1000  # accessibility notes of a visit offer, or a class's needs in a request
VISIT_GROUP_MAX = 60  # the largest group a visit offer or request may name

# --- files people send (bot/flows/attachments.py, domain/order_documents.py, domain/attachments.py) -----------
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024  # an order's document; also all a bot may download from Telegram (getFile)
FILE_NAME_MAX = 200  # a document's name as stored and shown
CAPTION_MAX = 1024  # a photo's or file's caption: Telegram's own limit, so a longer one did not come from Telegram

# --- names -------------------------------------------------------------------------------------------------
ORG_NAME_MIN, ORG_NAME_MAX = 2, 200
CITY_MAX = 100
DISPLAY_NAME_MAX = 200  # a Telegram display name as stored
SLUG_MAX = 80

# --- listings (the database checks these too) --------------------------------------------------------------
TITLE_MAX = 120
DESCRIPTION_MAX = 2000
PRICE_MAX = Decimal("1000000")
QUANTITY_MAX = 1_000_000
LEAD_TIME_MAX = 730  # days

# --- photos of a listing ------------------------------------------------------------------------------------
PHOTOS_MAX = 5  # per listing: the first goes with the offer's card, the rest make an album on Details
# Bytes of one photo: Telegram's own ceiling for a photo a bot sends (sendPhoto, 10 MB). A larger picture could
# be stored but never shown, so it is refused when it comes in, with the limit said.
PHOTO_BYTES_MAX = 10 * 1024 * 1024
# Telegram's rule for a photo a bot sends: width + height at most 10,000 pixels, sides at most 20:1.
PHOTO_SIDES_MAX = 10_000
PHOTO_RATIO_MAX = 20

# --- saved searches ("let me know when something like this appears") ----------------------------------------
SAVED_SEARCHES_MAX = 10  # per person: each is matched against every new listing
SAVED_SEARCH_TEXT_MAX = 600  # the words of the search kept: as much as search reads (search.normalise.MAX_QUERY_CHARS)
