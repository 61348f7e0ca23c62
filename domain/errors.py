"""Domain errors carry a machine-readable code; the bot turns the code into a message in the user's language."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the marketplace refused the action (not a bug): the caller shows `code` to the user."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


class NotFound(DomainError):
    pass


class Forbidden(DomainError):
    pass


class Invalid(DomainError):
    pass


class TooLong(Invalid):
    """Text over its limit (domain.limits); ``limit`` is said to the person, so they know how much to cut."""

    def __init__(self, limit: int, detail: str = "") -> None:
        super().__init__("text_too_long", detail or f"at most {limit} characters")
        self.limit = limit


class HiddenCharacters(Invalid):
    """A typed name that is invisible, or carries text-direction controls that make it read as another name."""


class RateLimited(Invalid):
    """Too many actions of one kind in a window; ``retry_after_s`` says when the next one is allowed."""

    def __init__(self, code: str = "rate_limited", detail: str = "", *, retry_after_s: int = 60) -> None:
        super().__init__(code, detail)
        self.retry_after_s = retry_after_s


# Every code the journey services (accounts, dialogue, listings, enquiries, orders, tasks, roles) raise.
# The bot maps each to a translated message; a code not listed here is a bug.
NOT_FOUND_CODES: frozenset[str] = frozenset(
    {
        "person_not_found",  # the actor's row is gone
        "organisation_not_found",
        "listing_not_found",
        "enquiry_not_found",
        "order_not_found",
        "task_not_found",
        "assignment_not_found",
        "document_not_found",
        "image_not_found",
        "report_not_found",  # moderation: a report of a listing
        "invite_not_found",  # revoking an invite that does not exist
        "saved_search_not_found",
        "visit_offer_not_found",  # a class visit offer that is gone (or its company no longer confirmed)
        "visit_request_not_found",
    }
)
FORBIDDEN_CODES: frozenset[str] = frozenset(
    {
        "account_erased",  # the actor erased their account (/deleteme) and has not started again
        "not_a_member",  # the actor does not belong to the organisation the action is about
        "not_a_teacher",  # a member, but only teachers/admins of the school may do this
        "not_a_party",  # the enquiry/order is between two other organisations
        "not_the_customer",  # only the customer organisation may do this (rate an order)
        "not_assigned",  # only the student the task was assigned to may do this
        "students_cannot_enquire",  # students have no organisation that can buy
        "no_organisation",  # the actor belongs to no organisation that can send an enquiry
        "students_cannot_register",  # a student may not set up a company (and become its admin)
        "not_a_coordinator",  # only coordinators moderate, verify and read the audit log
        "not_your_country",  # a coordinator, but of other countries than the subject's
        "only_admins_invite_staff",  # a teacher may invite students only, never teachers or admins
        "role_not_invitable",  # a role nobody invites in chat (an admin invites teachers and students only)
        "not_your_invite",  # an invite made by someone else (only its maker or the school's admin may revoke it)
        "not_inclusive_verified",  # only companies a coordinator confirmed as inclusive employers offer visits
    }
)
INVALID_CODES: frozenset[str] = frozenset(
    {
        # accounts / dialogue
        "bad_language", "bad_name", "bad_country", "bad_city", "state_too_large", "bad_state",
        # listings
        "not_a_school", "bad_title", "bad_description", "bad_category", "bad_price", "bad_currency",
        "bad_unit", "bad_lead_time", "bad_min_quantity", "bad_delivers_to", "bad_status",
        "listing_archived", "unknown_field",
        # listing photos
        "too_many_photos",
        # enquiries
        "listing_not_active", "own_listing", "choose_organisation", "bad_quantity", "date_in_past",
        "enquiry_closed", "empty_text", "text_too_long", "school_unstaffed", "nobody_to_reach",
        # invites (domain/invites.py, domain/invite_management.py)
        "role_change_unconfirmed", "invite_revoked", "invite_closed", "bad_uses", "bad_days",
        # orders / tasks
        "order_not_in_progress", "order_not_completed", "not_a_student_of_school", "no_students",
        "already_rated", "bad_rating", "task_done", "assignment_done",
        # files: an order's document (domain.order_documents), a relayed photo or file (domain.attachments)
        "document_too_large", "document_type", "attachment_kind", "file_unavailable",
        # moderation
        "bad_reason",
        # inclusive employers and class visits (domain/visits.py)
        "not_declared_inclusive", "bad_group_size", "group_too_big",
        # saved searches
        "empty_search", "too_many_saved_searches",
        # RateLimited (a subclass of Invalid) always carries this code, with retry_after_s
        "rate_limited",
    }
)  # fmt: skip
ALL_CODES: frozenset[str] = NOT_FOUND_CODES | FORBIDDEN_CODES | INVALID_CODES
