"""Cutting a long HTML reply into Telegram messages, each valid on its own.

Why not just cut every N characters: a cut inside "&amp;" or "<b>" makes Telegram refuse the message
("can't parse entities"), and a bold run cut in two leaves a tag open in one part and a stray end tag
in the next. So the text is read as tokens (a tag, an entity, a character), cut only between tokens,
preferably at a line break, else at a space; tags open at a cut are closed at the end of the part and
opened again at the start of the next. Length is counted in UTF-16 units, as Telegram counts it
(an emoji is two), over the markup too, which is never shorter than what Telegram shows.
"""

from __future__ import annotations

import re

from domain.limits import REPLY_MAX

# A tag, an entity, or one character: the pieces a cut must never split.
_TOKEN = re.compile(r"<[^<>]*>|&#?\w+;|.", re.DOTALL)
_TAG_NAME = re.compile(r"</?\s*([A-Za-z][\w-]*)")


def units(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


def split_text(text: str, limit: int = REPLY_MAX) -> list[str]:
    """``text`` as parts of at most ``limit`` UTF-16 units, each valid Telegram HTML."""
    if units(text) <= limit:
        return [text]
    tokens = _TOKEN.findall(text)
    parts: list[str] = []
    start = 0
    opened: list[str] = []  # start tags open at ``start``, outermost first
    while start < len(tokens):
        prefix = "".join(opened)
        end, still_open = _fit(tokens, start, opened, limit - units(prefix))
        body = "".join(tokens[start:end])
        closing = "".join(f"</{_name(tag)}>" for tag in reversed(still_open))
        part = (prefix + body + closing).strip("\n") if end < len(tokens) else prefix + body
        if part.strip():
            parts.append(part)
        start, opened = end, still_open
        while start < len(tokens) and tokens[start] == "\n":  # the break we cut at is not carried over
            start += 1
    return parts


def _name(tag: str) -> str:
    found = _TAG_NAME.match(tag)
    return found.group(1).lower() if found else ""


def _fit(tokens: list[str], start: int, opened: list[str], room: int) -> tuple[int, list[str]]:
    """Where the part beginning at ``start`` ends (exclusive) and which tags are open there.

    The part holds as many tokens as fit with the end tags it needs; it ends at the last line break
    that fits, else the last space, else wherever the room runs out (always at least one token). A
    break in the first half of the room is not worth a short message: then the room is filled.
    """
    stack = list(opened)
    used = 0
    best_line = best_space = best_any = None
    i = start
    while i < len(tokens):
        token = tokens[i]
        if token.startswith("<") and token.endswith(">") and len(token) > 2:
            if token.startswith("</"):
                name = _name(token)
                for depth in range(len(stack) - 1, -1, -1):
                    if _name(stack[depth]) == name:
                        del stack[depth]
                        break
            else:
                stack.append(token)
        used += units(token)
        closing = sum(units(f"</{_name(tag)}>") for tag in stack)
        if used + closing > room and i > start:
            break
        i += 1
        state = (i, list(stack))
        best_any = state
        if used >= room // 2 and token == "\n":
            best_line = (i - 1, list(stack))  # cut before the break; it is dropped
        elif used >= room // 2 and token == " ":
            best_space = state
    else:
        return len(tokens), stack
    chosen = best_line or best_space or best_any
    assert chosen is not None
    if chosen[0] <= start:  # a break right at the start: take what fits instead
        chosen = best_any
        assert chosen is not None
    return chosen


CAPTION_MAX = 1024  # Telegram's limit for a caption, in UTF-16 units of the text it shows
ELLIPSIS = "…"


def fit_caption(text: str, limit: int = CAPTION_MAX) -> tuple[str, str]:
    """``text`` as a caption of at most ``limit`` units and what did not fit ("" when all did).

    Cut like :func:`split_text` — between tags and entities, at a line break or a space, open tags
    closed — with "…" at the end of the caption and at the start of the rest, so nothing is lost and the
    reader sees where it goes on. The markup is counted too, so the caption is never over Telegram's limit.
    """
    if units(text) <= limit:
        return text, ""
    room = limit - units(ELLIPSIS)
    parts = split_text(text, room)
    head = parts[0].rstrip()
    rest = "\n".join(parts[1:]).lstrip()
    return head + ELLIPSIS, ELLIPSIS + rest
