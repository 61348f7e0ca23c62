"""Telegram's text-entity parsers (HTML, MarkdownV2, legacy Markdown), ported from tdlib's rules.

Why this exists: the commonest production failure of a bot is a reply that Telegram rejects with
``can't parse entities`` (an unescaped ``<`` from user content, a ``<br>``, a stray ``.`` in
MarkdownV2) or ``message is too long`` (length is counted in UTF-16 code units of the *visible*
text, not of the markup). A fake that accepted any string would let those bugs through, so the
parsers below follow tdlib's ``parse_html`` / ``parse_markdown_v2`` / ``parse_markdown`` closely,
including their error descriptions and UTF-8 byte offsets.

One deliberate deviation, on by default: tdlib keeps a bare ``&`` (or an unknown named entity
such as ``&nbsp;``) literally, while the Bot API documentation says every ``&`` must be escaped.
``strict_ampersand=True`` rejects them, because a bot that forgets to escape ``&`` also forgets
to escape ``<`` and real Telegram *does* reject that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Entity = dict[str, Any]

_ENTITY_PREFIX = "can't parse entities: "

# tdlib's allowed HTML tags and the entity type each produces.
_HTML_TAGS: dict[str, str] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SPACES = " \t\r\n\f\v"
_MDV2_RESERVED = "_*[]()~`>#+-=|{}.!"


class EntityParseError(ValueError):
    """Raised with Telegram's description (without the ``Bad Request:`` prefix)."""


@dataclass
class FormattedText:
    """Visible text plus MessageEntity dicts (offsets/lengths in UTF-16 code units)."""

    text: str
    entities: list[Entity] = field(default_factory=list)

    @property
    def utf16_length(self) -> int:
        return utf16_len(self.text)


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _fail(detail: str) -> EntityParseError:
    return EntityParseError(_ENTITY_PREFIX + detail)


def _char_at(text: str, i: int) -> str:
    """tdlib reads a NUL terminator past the end; mimic that with an empty string."""
    return text[i] if 0 <= i < len(text) else ""


def _is_space(ch: str) -> bool:
    return ch != "" and ch in _SPACES


# --------------------------------------------------------------------------- HTML


@dataclass
class _OpenTag:
    name: str
    argument: str
    utf16_offset: int
    byte_offset: int
    expandable: bool = False


def _decode_html_entity(text: str, pos: int) -> tuple[str, int] | None:
    """Decode ``&...;`` at ``pos`` like tdlib (the ``;`` is optional); None if not an entity."""
    end = pos + 1
    if _char_at(text, end) == "#":
        end += 1
        code = 0
        if _char_at(text, end) == "x":
            end += 1
            start = end
            while _char_at(text, end) and _char_at(text, end) in "0123456789abcdefABCDEF":
                end += 1
            digits = text[start:end]
            code = int(digits, 16) if digits and len(digits) <= 7 else 0
        else:
            start = end
            while _char_at(text, end).isdigit() and _char_at(text, end).isascii():
                end += 1
            digits = text[start:end]
            code = int(digits) if digits and len(digits) <= 8 else 0
        if code == 0 or code >= 0x10FFFF or 0xD800 <= code <= 0xDFFF or end - pos >= 10:
            return None
        decoded = chr(code)
    else:
        while _char_at(text, end).isascii() and _char_at(text, end).isalpha():
            end += 1
        name = text[pos + 1 : end]
        if name not in _NAMED_ENTITIES:
            return None
        decoded = _NAMED_ENTITIES[name]
    if _char_at(text, end) == ";":
        end += 1
    return decoded, end


def parse_html(text: str, *, strict_ampersand: bool = True) -> FormattedText:
    """Parse Telegram HTML; raise :class:`EntityParseError` with tdlib's wording on bad markup."""
    out: list[str] = []
    utf16 = 0
    stack: list[_OpenTag] = []
    entities: list[Entity] = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == "&":
            decoded = _decode_html_entity(text, i)
            if decoded is not None:
                out.append(decoded[0])
                utf16 += utf16_len(decoded[0])
                i = decoded[1]
                continue
            if strict_ampersand:
                raise _fail(
                    f'Unsupported HTML entity at byte offset {_byte_offset(text, i)}: "&" must be escaped as "&amp;"'
                )
        if c != "<":
            out.append(c)
            utf16 += utf16_len(c)
            i += 1
            continue
        begin = i
        begin_bytes = _byte_offset(text, begin)
        if _char_at(text, i + 1) != "/":
            i = _parse_start_tag(text, i, begin_bytes, stack, utf16)
        else:
            i = _parse_end_tag(text, i, begin_bytes, stack, utf16, entities)
    if stack:
        raise _fail(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return _trim(FormattedText("".join(out), entities))


def _parse_start_tag(text: str, i: int, begin_bytes: int, stack: list[_OpenTag], utf16: int) -> int:
    tag_end = i + 1
    while _char_at(text, tag_end) and not _is_space(text[tag_end]) and text[tag_end] != ">":
        tag_end += 1
    if _char_at(text, tag_end) == "":
        raise _fail(f"Unclosed start tag at byte offset {begin_bytes}")
    tag_name = text[i + 1 : tag_end].lower()
    if tag_name not in _HTML_TAGS:
        raise _fail(f'Unsupported start tag "{tag_name}" at byte offset {begin_bytes}')
    i = tag_end
    argument = ""
    expandable = False
    while _char_at(text, i) != ">":
        while _is_space(_char_at(text, i)):
            i += 1
        if _char_at(text, i) == ">":
            break
        if _char_at(text, i) == "":
            raise _fail(f"Unclosed start tag at byte offset {begin_bytes}")
        attr_begin = i
        while _char_at(text, i) and not _is_space(text[i]) and text[i] not in "=>":
            i += 1
        attr_name = text[attr_begin:i].lower()
        if not attr_name:
            raise _fail(f'Empty attribute name in the tag "{tag_name}" at byte offset {begin_bytes}')
        while _is_space(_char_at(text, i)):
            i += 1
        if _char_at(text, i) != "=":
            if tag_name == "blockquote" and attr_name == "expandable":
                expandable = True
                continue
            if _char_at(text, i) == "":
                raise _fail(f"Unclosed start tag at byte offset {begin_bytes}")
            raise _fail(
                f'Expected equal sign in declaration of an attribute of the tag "{tag_name}" '
                f"at byte offset {begin_bytes}"
            )
        i += 1
        while _is_space(_char_at(text, i)):
            i += 1
        if _char_at(text, i) == "":
            raise _fail(f"Unclosed start tag at byte offset {begin_bytes}")
        value_chars: list[str] = []
        quote = text[i]
        if quote not in "'\"":
            token_begin = i
            while _char_at(text, i) and (text[i].isascii() and (text[i].isalnum() or text[i] in ".-")):
                i += 1
            value = text[token_begin:i].lower()
            if not _is_space(_char_at(text, i)) and _char_at(text, i) != ">":
                raise _fail(f"Unexpected end of name token at byte offset {_byte_offset(text, token_begin)}")
        else:
            i += 1
            while _char_at(text, i) and text[i] != quote:
                if text[i] == "&":
                    decoded = _decode_html_entity(text, i)
                    if decoded is not None:
                        value_chars.append(decoded[0])
                        i = decoded[1]
                        continue
                value_chars.append(text[i])
                i += 1
            if _char_at(text, i) == quote:
                i += 1
            value = "".join(value_chars)
        if _char_at(text, i) == "":
            raise _fail(f"Unclosed start tag at byte offset {begin_bytes}")
        if (tag_name == "a" and attr_name == "href") or (tag_name == "tg-emoji" and attr_name == "emoji-id"):
            argument = value
        elif tag_name == "code" and attr_name == "class" and value.startswith("language-"):
            argument = value[len("language-") :]
        elif tag_name == "span" and attr_name == "class" and value.startswith("tg-"):
            argument = value[len("tg-") :]
    if tag_name == "span" and argument != "spoiler":
        raise _fail(f'Tag "span" must have class "tg-spoiler" at byte offset {begin_bytes}')
    if tag_name == "tg-emoji" and not argument.isdigit():
        raise _fail(f'Tag "tg-emoji" must have a valid "emoji-id" attribute at byte offset {begin_bytes}')
    stack.append(_OpenTag(tag_name, argument, utf16, begin_bytes, expandable))
    return i + 1


def _parse_end_tag(
    text: str, i: int, begin_bytes: int, stack: list[_OpenTag], utf16: int, entities: list[Entity]
) -> int:
    if not stack:
        raise _fail(f"Unexpected end tag at byte offset {begin_bytes}")
    begin = i
    i += 2
    while _char_at(text, i) and not _is_space(text[i]) and text[i] != ">":
        i += 1
    end_name = text[begin + 2 : i].lower()
    while _is_space(_char_at(text, i)):
        i += 1
    if _char_at(text, i) != ">":
        raise _fail(f"Unclosed end tag at byte offset {begin_bytes}")
    open_tag = stack.pop()
    if end_name and end_name != open_tag.name:
        raise _fail(
            f'Unmatched end tag at byte offset {begin_bytes}, expected "</{open_tag.name}>", found "</{end_name}>"'
        )
    length = utf16 - open_tag.utf16_offset
    if length > 0:
        entity = _html_entity(open_tag, length, stack, entities)
        if entity is not None:
            entities.append(entity)
    return i + 1


def _html_entity(tag: _OpenTag, length: int, stack: list[_OpenTag], entities: list[Entity]) -> Entity | None:
    kind = _HTML_TAGS[tag.name]
    entity: Entity = {"type": kind, "offset": tag.utf16_offset, "length": length}
    if kind == "text_link":
        if not tag.argument:
            return None
        if tag.argument.startswith("tg://user?id="):
            entity["type"] = "text_mention"
            entity["user"] = {
                "id": int(tag.argument.split("=", 1)[1] or 0),
                "is_bot": False,
                "first_name": "",
            }
        else:
            entity["url"] = tag.argument
    elif kind == "custom_emoji":
        entity["custom_emoji_id"] = tag.argument
    elif kind == "blockquote" and tag.expandable:
        entity["type"] = "expandable_blockquote"
    elif kind == "code" and stack and stack[-1].name == "pre" and stack[-1].utf16_offset == tag.utf16_offset:
        # <pre><code class="language-x">: one pre entity; the language belongs to it.
        stack[-1].argument = tag.argument or stack[-1].argument
        return None
    elif kind == "pre" and tag.argument:
        entity["language"] = tag.argument
    return entity


# --------------------------------------------------------------------------- MarkdownV2

_MDV2_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
    "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji",
}


@dataclass
class _MdEntity:
    kind: str
    utf16_offset: int
    byte_offset: int
    out_pos: int
    argument: str = ""


def _mdv2_closes(kind: str, text: str, i: int) -> bool:
    c = text[i]
    nxt = _char_at(text, i + 1)
    if kind == "bold":
        return c == "*"
    if kind == "italic":
        return c == "_" and nxt != "_"
    if kind == "code":
        return c == "`"
    if kind == "pre":
        return c == "`" and nxt == "`" and _char_at(text, i + 2) == "`"
    if kind in ("text_link", "custom_emoji"):
        return c == "]"
    if kind == "underline":
        return c == "_" and nxt == "_"
    if kind == "strikethrough":
        return c == "~"
    if kind == "spoiler":
        return c == "|" and nxt == "|"
    return False


def parse_markdown_v2(text: str) -> FormattedText:
    """Parse MarkdownV2 like tdlib: every reserved character outside an entity must be escaped."""
    out: list[str] = []
    utf16 = 0
    stack: list[_MdEntity] = []
    entities: list[Entity] = []
    quote_start: int | None = None
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        at_line_start = i == 0 or text[i - 1] == "\n"
        if at_line_start and not stack:
            if quote_start is not None and c != ">" and not text.startswith("**>", i):
                entities.append({"type": "blockquote", "offset": quote_start, "length": utf16 - quote_start})
                quote_start = None
            if c == ">" or text.startswith("**>", i):
                i += 3 if c == "*" else 1
                if quote_start is None:
                    quote_start = utf16
                continue
        if c == "\\" and 0 < ord(_char_at(text, i + 1) or "\0") <= 126:
            out.append(text[i + 1])
            utf16 += 1
            i += 2
            continue
        reserved = "`" if stack and stack[-1].kind in ("code", "pre") else _MDV2_RESERVED
        if c not in reserved:
            out.append(c)
            utf16 += utf16_len(c)
            i += 1
            continue
        if stack and _mdv2_closes(stack[-1].kind, text, i):
            i = _mdv2_close(text, i, stack, entities, out, utf16)
            continue
        entity_byte = _byte_offset(text, i)
        argument = ""
        if c == "_":
            if _char_at(text, i + 1) == "_":
                kind, i = "underline", i + 2
            else:
                kind, i = "italic", i + 1
        elif c == "*":
            kind, i = "bold", i + 1
        elif c == "~":
            kind, i = "strikethrough", i + 1
        elif c == "|" and _char_at(text, i + 1) == "|":
            kind, i = "spoiler", i + 2
        elif c == "[":
            kind, i = "text_link", i + 1
        elif c == "!" and _char_at(text, i + 1) == "[":
            kind, i = "custom_emoji", i + 2
        elif c == "`":
            if text.startswith("```", i):
                kind, i = "pre", i + 3
                lang_end = i
                while _char_at(text, lang_end) and not _is_space(text[lang_end]) and text[lang_end] != "`":
                    lang_end += 1
                if lang_end != i and lang_end < n and text[lang_end] != "`":
                    argument = text[i:lang_end]
                    i = lang_end
                if _char_at(text, i) in ("\n", "\r"):
                    pair = _char_at(text, i + 1)
                    i += 2 if pair in ("\n", "\r") and pair != text[i] else 1
            else:
                kind, i = "code", i + 1
        else:
            raise _fail(f"Character '{c}' is reserved and must be escaped with the preceding '\\'")
        stack.append(_MdEntity(kind, utf16, entity_byte, len(out), argument))
    if stack:
        top = stack[-1]
        raise _fail(f"Can't find end of {_MDV2_NAMES[top.kind]} entity at byte offset {top.byte_offset}")
    if quote_start is not None and utf16 > quote_start:
        entities.append({"type": "blockquote", "offset": quote_start, "length": utf16 - quote_start})
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return _trim(FormattedText("".join(out), entities))


def _mdv2_close(text: str, i: int, stack: list[_MdEntity], entities: list[Entity], out: list[str], utf16: int) -> int:
    top = stack.pop()
    entity: Entity = {"type": top.kind, "offset": top.utf16_offset, "length": utf16 - top.utf16_offset}
    if top.kind in ("underline", "spoiler"):
        i += 2
    elif top.kind == "pre":
        i += 3
        if top.argument:
            entity["language"] = top.argument
    elif top.kind in ("text_link", "custom_emoji"):
        i += 1
        url_chars: list[str] = []
        if _char_at(text, i) != "(":
            url = "".join(out[top.out_pos :])
        else:
            i += 1
            url_begin = i
            while i < len(text) and text[i] != ")":
                if text[i] == "\\" and 0 < ord(_char_at(text, i + 1) or "\0") <= 126:
                    url_chars.append(text[i + 1])
                    i += 2
                    continue
                url_chars.append(text[i])
                i += 1
            if _char_at(text, i) != ")":
                raise _fail(f"Can't find end of a URL at byte offset {_byte_offset(text, url_begin)}")
            i += 1
            url = "".join(url_chars)
        if top.kind == "custom_emoji":
            if not url.startswith("tg://emoji?id="):
                raise _fail("Custom emoji entity must contain a tg://emoji URL")
            entity["custom_emoji_id"] = url.split("=", 1)[1]
        elif url:
            entity["url"] = url
        else:
            return i
    else:
        i += 1
    if entity["length"] > 0:
        entities.append(entity)
    return i


# --------------------------------------------------------------------------- legacy Markdown


def parse_markdown(text: str) -> FormattedText:
    """Legacy ``Markdown``: ``*bold*``, ``_italic_``, ```code```, ``[text](url)``; no nesting."""
    out: list[str] = []
    utf16 = 0
    entities: list[Entity] = []
    i = 0
    n = len(text)
    kinds = {"*": "bold", "_": "italic", "`": "code", "[": "text_link"}
    while i < n:
        c = text[i]
        if c == "\\" and _char_at(text, i + 1) in ("_", "*", "`", "["):
            out.append(text[i + 1])
            utf16 += 1
            i += 2
            continue
        if c not in kinds:
            out.append(c)
            utf16 += utf16_len(c)
            i += 1
            continue
        begin = i
        end_char = "]" if c == "[" else c
        is_pre = False
        language = ""
        i += 1
        if c == "`" and text.startswith("``", i):
            i += 2
            is_pre = True
            lang_end = i
            while _char_at(text, lang_end) and not _is_space(text[lang_end]) and text[lang_end] != "`":
                lang_end += 1
            if lang_end != i and lang_end < n and text[lang_end] != "`":
                language = text[i:lang_end]
                i = lang_end
            if _char_at(text, i) in ("\n", "\r"):
                i += 1
        start_utf16 = utf16
        while i < n and (text[i] != end_char or (is_pre and not text.startswith("``", i + 1))):
            out.append(text[i])
            utf16 += utf16_len(text[i])
            i += 1
        if i == n:
            raise _fail(f"Can't find end of the entity starting at byte offset {_byte_offset(text, begin)}")
        entity: Entity = {
            "type": "pre" if is_pre else kinds[c],
            "offset": start_utf16,
            "length": utf16 - start_utf16,
        }
        if language:
            entity["language"] = language
        if c == "[":
            url = ""
            if _char_at(text, i + 1) == "(":
                close = text.find(")", i + 2)
                if close != -1:
                    url = text[i + 2 : close]
                    i = close
            if url:
                entity["url"] = url
            else:
                entity = {}
        if entity and entity["length"] > 0:
            entities.append(entity)
        i += 3 if is_pre else 1
    return _trim(FormattedText("".join(out), entities))


# --------------------------------------------------------------------------- common


def _trim(formatted: FormattedText) -> FormattedText:
    """Telegram strips leading/trailing whitespace and shifts/clips entities accordingly."""
    text = formatted.text
    stripped = text.strip()
    if stripped == text:
        return formatted
    lead = utf16_len(text[: len(text) - len(text.lstrip())])
    total = utf16_len(stripped)
    entities: list[Entity] = []
    for entity in formatted.entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, total)
        if end > start:
            entities.append({**entity, "offset": start, "length": end - start})
    return FormattedText(stripped, entities)


def parse_text(
    text: str, parse_mode: str | None, entities: list[Entity] | None = None, *, strict_ampersand: bool = True
) -> FormattedText:
    """Apply ``parse_mode`` (case-insensitive, as the Bot API accepts it) or explicit entities."""
    mode = (parse_mode or "").strip().lower()
    if mode == "html":
        return parse_html(text, strict_ampersand=strict_ampersand)
    if mode == "markdownv2":
        return parse_markdown_v2(text)
    if mode == "markdown":
        return parse_markdown(text)
    if mode:
        raise EntityParseError(f'unsupported parse_mode "{parse_mode}"')
    return _trim(FormattedText(text, list(entities or [])))
