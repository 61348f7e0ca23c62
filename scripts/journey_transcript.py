"""Play the whole journey in the console chat and write the transcript to docs/journey.md.

Usage: .venv/bin/python scripts/journey_transcript.py [--lang en --lang lt] [--out docs/journey.md]
A fresh SQLite database with the demo catalogue; the NLU server at RASA_URL if it answers (else the
bot's fallback: free text is a search). Buttons are pressed by number, as a person would type them.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.config import Settings
from bot.console import ConsoleChat, prepare_personas
from bot.services import open_services
from domain.catalogue import import_catalogue
from domain.migrate import upgrade
from domain.taxonomy import DATA_DIR, load_taxonomy


@dataclass(frozen=True)
class Lines:
    need: str
    message: str
    teacher_reply: str
    company_reply: str
    task_1: str
    task_2: str
    due: str
    comment: str


SCRIPTS = {
    "en": Lines(
        "I need 20 3D printed prototypes of a pastry box, by next Friday",
        "Can you print them in black PLA?",
        "Yes, black PLA is fine. We can deliver to Porto in 10 days.",
        "Perfect, thank you!",
        "Model the box in CAD",
        "Print and check 20 pieces",
        "next Wednesday",
        "Great work, the prototypes fit perfectly.",
    ),
    "lt": Lines(
        "reikia 20 vnt. 3D spausdintų prototipų pyragų dėžutei iki kito penktadienio",
        "Ar galite spausdinti juodu PLA?",
        "Taip, juodas PLA tinka. Į Porto pristatysime per 10 dienų.",
        "Puiku, ačiū!",
        "Sumodeliuoti dėžutę CAD programa",
        "Atspausdinti ir patikrinti 20 vnt.",
        "kitą trečiadienį",
        "Puikus darbas, prototipai tinka idealiai.",
    ),
}


class Player:
    def __init__(self, chat: ConsoleChat, transcript: list[str]) -> None:
        self.chat = chat
        self.transcript = transcript

    async def type(self, line: str, note: str = "") -> None:
        self.transcript.append(f"{self.chat.prompt()}{line}{'   ← ' + note if note else ''}")
        await self.chat.send(line)

    async def enquire_at(self, school: str) -> None:
        """Press «Enquire» on the result card of this school (the console teacher's school)."""
        last_typed = max(i for i, line in enumerate(self.transcript) if line.startswith(self.chat.prompt()))
        shown = "\n".join(self.transcript[last_typed:])
        cards = re.findall(r"^(\d+)\. .*\n🏫 (.*) · ", shown, re.M)
        number = next((n for n, name in cards if name == school), None)
        assert number is not None, f"{school} is not among the results"
        await self.press(f"✉️ {number}.")

    async def press(self, *label_parts: str) -> None:
        buttons = self.chat.current.last_buttons
        for part in label_parts:
            for index, button in enumerate(buttons, 1):
                if part in button.label:
                    await self.type(f"#{index}", f"presses «{button.label}»")
                    return
        raise AssertionError(f"no button with {label_parts} among {[b.label for b in buttons]}")


async def play(language: str) -> list[str]:
    script = SCRIPTS[language]
    transcript: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env()
        url = f"sqlite:///{tmp}/journey.sqlite3"
        settings = Settings(**{**settings.__dict__, "database_url": url})
        await upgrade(url)
        async with open_services(settings) as services:
            report = await import_catalogue(services.factory, (DATA_DIR / "demo" / "catalogue.yml").read_bytes(),
                                            load_taxonomy())  # fmt: skip
            assert report.ok, report.errors
            personas = await prepare_personas(services, language)
            chat = ConsoleChat(services, personas, write=transcript.append, start="company")
            p = Player(chat, transcript)
            # the company owner searches and enquires
            await p.type("/start")
            await p.type(script.need)
            await p.enquire_at(personas["teacher"].description)
            await p.press("✔", "⏭")
            await p.press("✔", "⏭")
            await p.type(script.message)
            await p.press("📨")
            # the teacher answers; the company answers back
            await p.type("/as teacher")
            await p.press("↩️")
            await p.type(script.teacher_reply)
            await p.type("/as company")
            await p.press("↩️")
            await p.type(script.company_reply)
            # the teacher accepts and splits the order into two tasks for both students
            await p.type("/as teacher")
            await p.type("/enquiries")
            await p.press("#")
            await p.press("✅")
            for index, title in enumerate((script.task_1, script.task_2)):
                await p.press("➕")
                await p.type(title)
                if index == 0:
                    await p.type(script.due)
                else:
                    await p.press("⏭")
                await p.press("☐")
                await p.press("☐")
                await p.press("✅")
            # both students finish both tasks
            for student in ("student", "student2"):
                await p.type(f"/as {student}")
                for _ in range(2):
                    await p.type("/tasks")
                    await p.press("🏁")
                    await p.press("✅")
            # the teacher completes the order; the company rates it
            await p.type("/as teacher")
            await p.type("/orders")
            await p.press("🧰")
            await p.press("✔")
            await p.press("✔")
            await p.type("/as company")
            await p.press("5")
            await p.type(script.comment)
    return transcript


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", action="append", default=None)
    parser.add_argument("--out", default="docs/journey.md")
    args = parser.parse_args()
    languages = args.lang or ["en", "lt"]
    names = {"en": "English", "lt": "Lithuanian (lietuvių)"}
    parts = [
        "# The full journey in the console chat\n",
        "Generated by `scripts/journey_transcript.py` (`vet2b chat` with a scripted person switching personas).",
        "A company owner searches and enquires, the teacher and the company talk through the bot, the teacher "
        "accepts and splits the order into two tasks for two students, the students finish, the teacher completes "
        "the order and the company rates it. Lines starting with `[persona] >` are typed; `#N` presses button N.\n",
    ]
    for language in languages:
        transcript = await play(language)
        parts += [f"## {names.get(language, language)}\n", "```text", *transcript, "```\n"]
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text("\n".join(parts), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    asyncio.run(main())
