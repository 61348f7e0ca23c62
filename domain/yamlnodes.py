"""Two YAML readers: a fast one for values and a slow one that knows where each value stands.

A 100,000-listing catalogue takes ~25 s to compose with PyYAML (it builds a Python node and two
marks per scalar) but well under 2 s with yaml-rs. Line numbers are only needed when something is
wrong, so the node tree is built lazily, once, on the first error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
import yaml_rs

try:
    _Loader: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_LINE_IN_MESSAGE = re.compile(r"line (\d+)")


class YamlSyntaxError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def load_values(text: str) -> Any:
    """Plain values (YAML 1.2: `NO` stays the string Norway's code, not False); duplicate keys are errors."""
    try:
        return yaml_rs.loads(text, parse_datetime=False, duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error)
    except yaml_rs.YAMLDecodeError as exc:
        raise _locate_syntax_error(text, str(exc)) from None


def _locate_syntax_error(text: str, fast_message: str) -> YamlSyntaxError:
    """Ask PyYAML where the problem is; it gives a line for syntax errors and lets us find duplicate keys."""
    root = compose(text)  # raises YamlSyntaxError with PyYAML's own line and wording
    duplicate = _find_duplicate_key(root) if root is not None else None
    if duplicate is not None:
        key, line = duplicate
        return YamlSyntaxError(line, f"duplicate key {key!r} in the same item")
    found = _LINE_IN_MESSAGE.search(fast_message)
    first = fast_message.strip().splitlines()[0] if fast_message.strip() else "unreadable YAML"
    return YamlSyntaxError(int(found.group(1)) if found else 1, f"YAML syntax error: {first}")


def _find_duplicate_key(node: yaml.Node) -> tuple[str, int] | None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = str(key.value)
            if name in seen:
                return name, line_of(key)
            seen.add(name)
            found = _find_duplicate_key(value)
            if found:
                return found
    elif isinstance(node, yaml.SequenceNode):
        for child in node.value:
            found = _find_duplicate_key(child)
            if found:
                return found
    return None


def compose(text: str) -> yaml.Node | None:
    loader = _Loader(text)
    try:
        return loader.get_single_node()  # type: ignore[no-any-return]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise YamlSyntaxError(line, f"YAML syntax error: {exc.problem or exc.context}") from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(1, f"YAML error: {exc}") from exc
    finally:
        loader.dispose()


def line_of(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


@dataclass
class LineIndex:
    """Where items and their fields start, per top-level section; built on first use."""

    text: str
    _sections: dict[str, list[yaml.Node]] | None = field(default=None, init=False)
    _section_lines: dict[str, int] = field(default_factory=dict, init=False)

    def _build(self) -> dict[str, list[yaml.Node]]:
        if self._sections is None:
            self._sections = {}
            root = compose(self.text)
            if isinstance(root, yaml.MappingNode):
                for key, value in root.value:
                    name = str(key.value)
                    self._section_lines[name] = line_of(key)
                    self._sections[name] = list(value.value) if isinstance(value, yaml.SequenceNode) else []
        return self._sections

    def section(self, name: str) -> int:
        self._build()
        return self._section_lines.get(name, 1)

    def item(self, section: str, index: int) -> int:
        items = self._build().get(section, [])
        return line_of(items[index]) if index < len(items) else self.section(section)

    def field(self, section: str, index: int, name: str) -> int:
        items = self._build().get(section, [])
        if index < len(items) and isinstance(items[index], yaml.MappingNode):
            for key, value in items[index].value:
                if str(key.value) == name:
                    return line_of(value)
        return self.item(section, index)

    def element(self, section: str, index: int, name: str, position: int) -> int:
        """The line of element ``position`` of a list field (a photo of ``photos:``), else of the field."""
        items = self._build().get(section, [])
        if index < len(items) and isinstance(items[index], yaml.MappingNode):
            for key, value in items[index].value:
                if str(key.value) == name and isinstance(value, yaml.SequenceNode) and position < len(value.value):
                    return line_of(value.value[position])
        return self.field(section, index, name)
