"""Domain refusals in words: each error code the services raise has a message in every language."""

from __future__ import annotations

from bot.i18n import N_, Translator
from domain.errors import DomainError, Forbidden, HiddenCharacters, NotFound, TooLong

HIDDEN_NAME = N_(
    "Please type the name in plain letters: invisible characters and text-direction marks are not allowed."
)

MESSAGES = {
    "rate_limited": N_("You are sending a lot right now. Please wait a little and try again."),
    "not_a_member": N_("Only members of the organisation can do this."),
    "forbidden": N_("You are not allowed to do this."),
    "listing_not_active": N_("This offer is not available any more."),
    "own_listing": N_("This offer is from your own school."),
    "enquiry_closed": N_("This enquiry is closed."),
    "choose_organisation": N_("You belong to several organisations: choose which one is asking."),
    "no_organisation": N_("First tell me which company you represent: send /start."),
    "already_rated": N_("You have already rated this order. Thank you!"),
    "text_too_long": N_("That message is too long. Please make it shorter."),
    "empty_text": N_("The message is empty."),
    "invite_unknown": N_("This invite link is not valid. Ask your school for a new one."),
    "invite_expired": N_("This invite link has expired. Ask your school for a new one."),
    "invite_used_up": N_("This invite link has already been used. Ask your school for a new one."),
    "invite_revoked": N_("This invite link was revoked by the person who made it. Ask your school for a new one."),
    "invite_closed": N_("This invite is not open any more: it was used up, has expired or was revoked."),
    "invite_not_found": N_("I could not find that invite. Send /invite to see your open invites."),
    "only_admins_invite_staff": N_("Only a school administrator can invite teachers. You can invite students."),
    "not_your_invite": N_("You can only revoke invites that you made."),
    "role_not_invitable": N_("Invites in chat are for teachers and students only."),
    "state_too_large": N_("That was too much at once. Please start again with /menu."),
    "account_erased": N_("Your data was deleted. Send /start to begin again."),
    "not_a_teacher": N_("Only teachers of this school can do this."),
    "not_a_party": N_("Only the company and the school of this enquiry can do this."),
    "not_the_customer": N_("Only the customer of this order can do this."),
    "not_assigned": N_("This task is not assigned to you."),
    "students_cannot_enquire": N_("Students cannot send enquiries. Ask your teacher."),
    "listing_archived": N_("This offer is archived and cannot be changed."),
    "date_in_past": N_("That date is in the past. Please choose a later date."),
    "bad_quantity": N_("Please give a quantity between 1 and 1,000,000."),
    "not_a_student_of_school": N_("Only students of this school can get its tasks."),
    "no_students": N_("Choose at least one student."),
    "order_not_in_progress": N_("This order is not in progress any more."),
    "order_not_completed": N_("You can rate an order when it is complete."),
    "bad_rating": N_("Please choose from 1 to 5 stars."),
    "task_done": N_("This task is already done."),
    "assignment_done": N_("This student has already finished their part: it stays theirs."),
    "school_unstaffed": N_(
        "No teacher of this school has joined the bot yet, so nobody could answer your enquiry. Please choose "
        "another offer."
    ),
    "students_cannot_register": N_("Students cannot register a company. Ask your teacher."),
    "nobody_to_reach": N_(
        "Nobody on the other side can be reached in the chat any more (they deleted their data or blocked the bot), "
        "so the message was not sent."
    ),
    "document_too_large": N_("This file is too big: a document can be at most 20 MB."),
    "document_type": N_(
        "This file is not a PDF, DOCX or ODT document (I check what is inside, not the name). Please send the "
        "document in one of these formats."
    ),
    "attachment_kind": N_("I can pass on photos and files (documents) only."),
    "file_unavailable": N_("I could not get the file from Telegram. Please send it again."),
    "too_many_photos": N_("An offer can have at most five photos."),
    "not_a_coordinator": N_("Only coordinators of the network can do this."),
    "not_your_country": N_("You coordinate other countries: a coordinator of this country must decide."),
    "saved_search_not_found": N_("This alert does not exist any more. Your alerts: /alerts."),
    "too_many_saved_searches": N_("You have as many alerts as I keep. Delete one in /alerts first."),
    "not_inclusive_verified": N_(
        "Only companies confirmed as inclusive employers can offer class visits. Send /visits to declare it."
    ),
    "not_declared_inclusive": N_("This company has not declared itself an inclusive employer."),
    "group_too_big": N_("The group is larger than the company can take."),
    "empty_search": N_("First tell me what you are looking for; after the results I can alert you to new offers."),
}


def too_long(tr: Translator, limit: int) -> str:
    return tr.n_(
        "That message is too long: at most {n} character. Please make it shorter.",
        "That message is too long: at most {n} characters. Please make it shorter.",
        limit,
    )


def describe(tr: Translator, error: DomainError) -> str:
    if isinstance(error, TooLong):
        return too_long(tr, error.limit)
    if isinstance(error, HiddenCharacters):
        return tr._(HIDDEN_NAME)
    message = MESSAGES.get(error.code)
    if message is not None:
        return tr._(message)
    if isinstance(error, Forbidden):
        return tr._("You are not allowed to do this.")
    if isinstance(error, NotFound):
        return tr._("I could not find that. It may have been removed.")
    return tr._("Sorry, that did not work. Please check and try again.")
