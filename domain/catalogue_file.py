"""The catalogue import format: parsing and validating a whole file before anything is written.

Every fault is collected (not just the first) with its line and field, so a school fixes its file in
one pass. Checks that need the database (does this organisation exist already?) happen in the
import service; everything that the file alone can tell is checked here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

from domain.codes import countries, currencies
from domain.codes import languages as language_codes
from domain.images import ImageInfo, NotAPhoto, identify
from domain.limits import (
    CITY_MAX,
    DESCRIPTION_MAX,
    LEAD_TIME_MAX,
    ORG_NAME_MAX,
    PHOTO_BYTES_MAX,
    PHOTOS_MAX,
    PRICE_MAX,
    QUANTITY_MAX,
    SLUG_MAX,
    TITLE_MAX,
)
from domain.models import ListingStatus, OrgKind, PriceUnit
from domain.taxonomy import LANGUAGES, Taxonomy
from domain.text_input import tidy
from domain.yamlnodes import LineIndex, YamlSyntaxError, load_values

PROGRESS_EVERY = 1_000  # listings checked between two progress reports
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

ORG_FIELDS = {
    "slug",
    "kind",
    "name",
    "country",
    "city",
    "languages",
    "description",
    "verified",
    "inclusive_employer",
}
ORG_REQUIRED = ("slug", "kind", "name", "country", "city", "languages")
LISTING_FIELDS = {
    "slug", "organization", "language", "title", "description", "category", "price",
    "lead_time_days", "min_quantity", "delivers_to", "status", "photos",
}  # fmt: skip
LISTING_REQUIRED = ("slug", "organization", "language", "title", "description", "category")
PRICE_FIELDS = ("amount", "currency", "unit")


@dataclass(frozen=True)
class CatalogueError:
    line: int
    where: str
    message: str

    def render(self, filename: str) -> str:
        return (
            f"{filename}:{self.line}: {self.where}: {self.message}"
            if self.where
            else f"{filename}:{self.line}: {self.message}"
        )


@dataclass
class OrgRecord:
    index: int  # position in `organizations:`; lines are looked up only when an error needs one
    slug: str
    kind: str
    name: str
    country: str
    city: str
    languages: list[str]
    description: str | None
    verified: bool
    inclusive_employer: bool


@dataclass(frozen=True)
class PhotoFile:
    """A picture named in ``photos:``: its path as written (relative to the catalogue file) and its bytes."""

    path: str
    content: bytes
    info: ImageInfo


@dataclass
class ListingRecord:
    index: int  # position in `listings:`
    slug: str
    organization: str
    language: str
    title: str
    description: str
    category: str
    price_amount: Decimal | None
    price_currency: str | None
    price_unit: str | None
    lead_time_days: int | None
    min_quantity: int | None
    delivers_to: list[str]
    status: str
    photos: list[PhotoFile] | None = None  # None: the file does not say (the stored pictures stay)


@dataclass
class CatalogueFile:
    lines: LineIndex
    organisations: list[OrgRecord] = field(default_factory=list)
    listings: list[ListingRecord] = field(default_factory=list)
    errors: list[CatalogueError] = field(default_factory=list)
    # Every organisation slug the file declares, valid or not, with its kind as written: a listing of an
    # organisation whose entry has errors is not also reported as "unknown organisation".
    declared_orgs: dict[str, Any] = field(default_factory=dict)


_TEXT_TYPES = (str, int, float, Decimal)


class _Item:
    """One list item being validated: collects its own errors, with lines looked up only for errors."""

    def __init__(
        self, section: str, index: int, fields: dict[str, Any], lines: LineIndex, errors: list[CatalogueError]
    ):
        self.section, self.index, self.fields, self.lines, self.errors = section, index, fields, lines, errors
        slug = fields.get("slug")
        self.label = f"{section}[{index}]" + (f" '{slug}'" if isinstance(slug, str) else "")

    def error(self, name: str, message: str, *, at_item: bool = False) -> None:
        base = name.split(".")[0]
        if at_item or base not in self.fields:
            line = self.lines.item(self.section, self.index)
        else:
            line = self.lines.field(self.section, self.index, base)
        self.errors.append(CatalogueError(line, f"{self.label} {name}", message))

    def text(self, name: str, limit: int, *, required: bool = True) -> str | None:
        value = self.fields.get(name)
        if value is None:
            if required:
                self.error(name, "missing required field", at_item=True)
            return None
        if isinstance(value, bool) or not isinstance(value, _TEXT_TYPES):
            self.error(name, "must be text")
            return None
        text = tidy(str(value)).strip()  # no NUL or control characters, NFC, as typed text
        if required and not text:
            self.error(name, "must not be empty")
            return None
        if len(text) > limit:
            self.error(name, f"too long: {len(text)} characters (at most {limit})")
            return None
        return text

    def integer(self, name: str, low: int, high: int) -> int | None:
        value = self.fields.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(name, f"must be a whole number, got {value!r}")
            return None
        if not low <= value <= high:
            self.error(name, f"must be between {low} and {high}, got {value}")
            return None
        return value

    def flag(self, name: str) -> bool:
        value = self.fields.get(name)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.error(name, "must be true or false")
            return False
        return value

    def code_list(self, name: str, allowed: frozenset[str] | tuple[str, ...], what: str, *, upper: bool) -> list[str]:
        values = self.fields.get(name)
        if values is None:
            return []
        if not isinstance(values, list):
            self.error(name, f"must be a list of {what}s, e.g. [{'LT, LV' if upper else 'lt, en'}]")
            return []
        result: list[str] = []
        for value in values:
            code = str(value)
            if code not in allowed:
                hint = " (codes are upper case)" if upper and code.upper() in allowed else ""
                self.error(name, f"unknown {what} {code!r}{hint}")
            elif code not in result:
                result.append(code)
        return result

    def unknown_fields(self, known: set[str]) -> None:
        for name in self.fields:
            if name not in known:
                self.error(name, f"unknown field (expected one of: {', '.join(sorted(known))})")


def decode(data: bytes) -> tuple[str | None, CatalogueError | None]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, CatalogueError(line, "", f"not valid UTF-8: byte 0x{data[exc.start]:02x}; save the file as UTF-8")
    return text.removeprefix("\ufeff"), None


def parse_catalogue(
    data: bytes, taxonomy: Taxonomy, base_dir: Path | None = None, *, progress: Callable[[int, int], None] | None = None
) -> CatalogueFile:
    """``base_dir``: the folder of the catalogue file, where the paths in ``photos:`` start (None: the file
    came without a folder, so a listing with photos is an error). ``progress(done, total)``: listings checked,
    every ``PROGRESS_EVERY`` and at the end."""
    text, error = decode(data)
    result = CatalogueFile(lines=LineIndex(text or ""))
    if error is not None or text is None:
        result.errors.append(error or CatalogueError(1, "", "unreadable"))
        return result
    try:
        root = load_values(text)
    except YamlSyntaxError as exc:
        result.errors.append(CatalogueError(exc.line, "", exc.message))
        return result
    if root is None:
        result.errors.append(CatalogueError(1, "", "the file is empty: expected 'organizations:' and 'listings:'"))
        return result
    if not isinstance(root, dict):
        result.errors.append(CatalogueError(1, "", "expected a mapping with 'organizations:' and 'listings:'"))
        return result
    for key in root:
        if key not in ("organizations", "listings"):
            line = result.lines.section(str(key))
            result.errors.append(CatalogueError(line, str(key), "unknown section (expected organizations, listings)"))
    org_items = _items("organizations", root.get("organizations"), result)
    result.declared_orgs = {str(i.fields["slug"]): i.fields.get("kind") for i in org_items if "slug" in i.fields}
    result.organisations = [r for r in (_organisation(i) for i in org_items) if r is not None]
    listing_items = _items("listings", root.get("listings"), result)
    for checked, item in enumerate(listing_items, 1):
        record = _listing(item, taxonomy, base_dir)
        if record is not None:
            result.listings.append(record)
        if progress is not None and (checked % PROGRESS_EVERY == 0 or checked == len(listing_items)):
            progress(checked, len(listing_items))
    _check_duplicates(result)
    _check_listing_orgs_in_file(result)
    return result


def _items(section: str, value: Any, result: CatalogueFile) -> list[_Item]:
    if value is None:
        return []
    if not isinstance(value, list):
        line = result.lines.section(section)
        result.errors.append(CatalogueError(line, section, "must be a list of items, each starting with '- '"))
        return []
    items = []
    for index, child in enumerate(value):
        if not isinstance(child, dict):
            line = result.lines.item(section, index)
            result.errors.append(CatalogueError(line, f"{section}[{index}]", "each item must be a mapping of fields"))
            continue
        items.append(_Item(section, index, child, result.lines, result.errors))
    return items


def _organisation(item: _Item) -> OrgRecord | None:
    before = len(item.errors)
    item.unknown_fields(ORG_FIELDS)
    slug = _slug(item, "slug")
    kind = item.text("kind", 10)
    if kind is not None and kind not in OrgKind.__members__:
        item.error("kind", f"must be school or company, got {kind!r}")
    name = item.text("name", ORG_NAME_MAX)
    country = _country(item, "country")
    city = item.text("city", CITY_MAX)
    if "languages" not in item.fields:
        item.error("languages", "missing required field", at_item=True)
    # any ISO 639-1 language the organisation speaks ("de", "uk"); the seven are only the interface's
    languages = item.code_list("languages", language_codes(), "language", upper=False)
    if "languages" in item.fields and not languages and len(item.errors) == before:
        item.error("languages", "list at least one language")
    description = item.text("description", DESCRIPTION_MAX, required=False)
    verified, inclusive = item.flag("verified"), item.flag("inclusive_employer")
    if len(item.errors) > before:
        return None
    assert slug and kind and name and country and city
    return OrgRecord(item.index, slug, kind, name, country, city, languages, description or None, verified, inclusive)


def _listing(item: _Item, taxonomy: Taxonomy, base_dir: Path | None) -> ListingRecord | None:
    before = len(item.errors)
    item.unknown_fields(LISTING_FIELDS)
    slug = _slug(item, "slug")
    organization = _slug(item, "organization")
    language = item.text("language", 5)
    if language is not None and language not in LANGUAGES:
        item.error("language", f"unsupported language {language!r} (one of: {', '.join(LANGUAGES)})")
    title = item.text("title", TITLE_MAX)
    description = item.text("description", DESCRIPTION_MAX)
    category = item.text("category", 40)
    if category is not None and category not in taxonomy:
        item.error("category", f"unknown category {category!r} (see data/taxonomy.yml for the keys)")
    amount, currency, unit = _price(item)
    lead = item.integer("lead_time_days", 0, LEAD_TIME_MAX)
    min_quantity = item.integer("min_quantity", 1, QUANTITY_MAX)
    delivers_to = item.code_list("delivers_to", countries(), "country code", upper=True)
    status = item.text("status", 10, required=False) or ListingStatus.active.value
    if status not in ListingStatus.__members__:
        item.error("status", f"must be one of {', '.join(ListingStatus.__members__)}")
    photos = _photos(item, base_dir)
    if len(item.errors) > before:
        return None
    assert slug and organization and language and title and description is not None and category
    return ListingRecord(
        item.index, slug, organization, language, title, description, category,
        amount, currency, unit, lead, min_quantity, delivers_to, status, photos,
    )  # fmt: skip


PHOTO_PROBLEMS = {
    "too_big": f"is larger than {PHOTO_BYTES_MAX // (1024 * 1024)} MB",
    "gif": "is a GIF; use JPEG, PNG or WebP",
    "unknown_type": "is not a JPEG, PNG or WebP picture (whatever its name says)",
    "broken": "is not a readable picture (its header is damaged or cut off)",
    "dimensions": "cannot be shown by Telegram: width + height must be at most 10000 and the sides at most 20:1",
    "empty": "is empty",
}


def _photos(item: _Item, base_dir: Path | None) -> list[PhotoFile] | None:
    """The pictures of ``photos:``, read and checked from their bytes; each fault at the line of its path."""
    values = item.fields.get("photos")
    if values is None:
        return None
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        item.error("photos", "must be a list of file paths, e.g. [photos/cake-1.jpg, photos/cake-2.png]")
        return None
    if len(values) > PHOTOS_MAX:
        item.error("photos", f"at most {PHOTOS_MAX} photos, got {len(values)}")
        return None
    if values and base_dir is None:
        item.error("photos", "photos can only be read from a catalogue file (paths are relative to it)")
        return None
    found: list[PhotoFile] = []
    for position, written in enumerate(values):
        where = f"{item.label} photos[{position}]"
        line = item.lines.element(item.section, item.index, "photos", position)
        problem, photo = _photo(written, base_dir) if base_dir is not None else ("", None)
        if photo is None:
            item.errors.append(CatalogueError(line, where, f"{written!r} {problem}"))
        else:
            found.append(photo)
    return found


def _photo(written: str, base_dir: Path) -> tuple[str, PhotoFile | None]:
    relative = PurePosixPath(written.replace("\\", "/"))
    if not written.strip() or relative.is_absolute() or ".." in relative.parts:
        return "must be a path inside the catalogue's folder (relative, without '..')", None
    path = base_dir / relative
    try:
        size = path.stat().st_size
        if size > PHOTO_BYTES_MAX:  # refused before it is read
            return PHOTO_PROBLEMS["too_big"], None
        content = path.read_bytes()
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}", None
    try:
        info = identify(content)
    except NotAPhoto as exc:
        return PHOTO_PROBLEMS.get(exc.reason, "is not a picture"), None
    return "", PhotoFile(str(relative), content, info)


def _slug(item: _Item, name: str) -> str | None:
    value = item.text(name, SLUG_MAX)
    if value is not None and not SLUG_RE.match(value):
        item.error(name, f"{value!r} is not a slug: use lower-case letters, digits and single hyphens")
        return None
    return value


def _country(item: _Item, name: str) -> str | None:
    value = item.text(name, 2)
    if value is None:
        return None
    if value not in countries():
        hint = " (codes are upper case)" if value.upper() in countries() else ""
        item.error(name, f"unknown country code {value!r}{hint}: use ISO 3166-1 alpha-2, e.g. LT")
        return None
    return value


def _price(item: _Item) -> tuple[Decimal | None, str | None, str | None]:
    price = item.fields.get("price")
    if price is None:
        return None, None, None
    if not isinstance(price, dict):
        item.error("price", "must be a mapping like {amount: 5.00, currency: EUR, unit: item}")
        return None, None, None
    for key in price:
        if key not in PRICE_FIELDS:
            item.error(f"price.{key}", "unknown field (expected amount, currency, unit)")
    for key in PRICE_FIELDS:
        if price.get(key) is None:
            item.error(f"price.{key}", "missing required field")
    amount = _amount(item, price.get("amount"))
    currency = price.get("currency")
    if currency is not None and (not isinstance(currency, str) or currency not in currencies()):
        item.error("price.currency", f"unknown currency {currency!r}: use an ISO 4217 code such as EUR or PLN")
        currency = None
    unit = price.get("unit")
    if unit is not None and unit not in PriceUnit.__members__:
        item.error("price.unit", f"unknown unit {unit!r} (one of: {', '.join(PriceUnit.__members__)})")
        unit = None
    return amount, currency, unit


def _amount(item: _Item, value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        item.error("price.amount", f"must be a number, got {value!r}")
        return None
    # repr() of a float is the shortest text that reads back as it, so "5.5" stays 5.5, exactly
    amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not amount.is_finite() or amount <= 0:
        item.error("price.amount", f"must be greater than 0, got {value}")
        return None
    if amount > PRICE_MAX:
        item.error("price.amount", f"must be at most {PRICE_MAX}, got {value}")
        return None
    if amount != amount.quantize(Decimal("0.01")):
        item.error("price.amount", f"at most 2 decimal places, got {value}")
        return None
    return amount.quantize(Decimal("0.01"))


def _check_duplicates(result: CatalogueFile) -> None:
    sections: list[tuple[str, list[OrgRecord] | list[ListingRecord]]] = [
        ("organizations", result.organisations),
        ("listings", result.listings),
    ]
    for section, records in sections:
        seen: dict[str, int] = {}
        for record in records:
            if record.slug in seen:
                first = result.lines.item(section, seen[record.slug])
                line = result.lines.field(section, record.index, "slug")
                where = f"{section}[{record.index}] '{record.slug}' slug"
                result.errors.append(CatalogueError(line, where, f"duplicate slug (first at line {first})"))
            else:
                seen[record.slug] = record.index


def _check_listing_orgs_in_file(result: CatalogueFile) -> None:
    for listing in result.listings:
        if result.declared_orgs.get(listing.organization) == OrgKind.company.value:
            line = result.lines.field("listings", listing.index, "organization")
            where = f"listings[{listing.index}] '{listing.slug}' organization"
            result.errors.append(
                CatalogueError(line, where, f"{listing.organization!r} is a company; only schools can offer listings")
            )
