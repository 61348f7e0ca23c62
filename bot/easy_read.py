"""The messages a student can meet in easy-read mode, each with a plain-language version in every catalogue.

Why a list: the plain version lives in the catalogues under the gettext context "easy" with the msgid of the
ordinary message (bot/i18n.py picks it when the person's easy-read setting is on). Extraction keeps only what
the code names, so this module names them — ``pgettext("easy", …)`` is what pybabel extracts with a context.
tests/flows/test_easy_read_coverage.py runs a student's journey in easy-read mode and fails on any message
without a plain version (add it here and in the seven catalogues); tests/unit/test_easy_read.py holds every
plain version to the rules: sentences of at most twelve words, translated in all seven languages.
"""

from __future__ import annotations


def pgettext(context: str, message: str) -> str:
    """Marks ``message`` for extraction under ``context``; the words themselves come from the catalogues."""
    return message


def npgettext(context: str, singular: str, plural: str) -> str:
    """The same for a message with plural forms (``n`` is given where it is translated)."""
    return singular


PLAIN: tuple[str, ...] = (
    pgettext("easy", "Cancelled."),
    pgettext("easy", "Choose your language:"),
    pgettext(
        "easy",
        "Delete your personal data? Your name, language, memberships and conversation state will be erased. Offers and orders stay with your organisation. This cannot be undone.",
    ),
    pgettext("easy", "Due: {date}"),
    pgettext("easy", "👤 Your name: {name}; language: {language}."),
    pgettext("easy", "🏢 Your organisations: {names}."),
    npgettext("easy", "💬 {n} message written.", "💬 {n} messages written."),
    pgettext("easy", "Send this to your teacher about «{task}»?"),
    pgettext("easy", "Easy-read is off. Send /easy to turn it on again."),
    pgettext("easy", "For: {customer}"),
    pgettext("easy", "Goodbye! Write any time you need something."),
    pgettext("easy", "Hello! How can I help?"),
    pgettext("easy", "I can only read aloud the messages I sent to you."),
    pgettext(
        "easy",
        "I cannot use stickers, voice or video messages. Please write in words what you need — I understand Lithuanian, Latvian, English, Polish, Italian, Portuguese and Russian. Photos and files I pass on in a conversation: reply to a message from the school or company and send them.",
    ),
    pgettext("easy", "I connect companies with vocational schools. Write in your own language."),
    pgettext("easy", "I could not find this task. Send /tasks to see your tasks."),
    pgettext("easy", "I have not sent you a message to listen to yet."),
    pgettext("easy", "I will speak English with you now."),
    pgettext("easy", "No due date"),
    pgettext("easy", "No, keep"),
    pgettext("easy", "Not yet"),
    pgettext("easy", "Nothing was deleted."),
    pgettext("easy", "OK."),
    pgettext("easy", "OK. Press 🏁 Done when the task is finished."),
    pgettext("easy", "Sorry, I do not speak that language yet. Please write in one of these: {languages}."),
    pgettext("easy", "Status: {status}"),
    pgettext("easy", "Students cannot register a company. Ask your teacher."),
    pgettext("easy", "Students cannot send enquiries. Ask your teacher."),
    pgettext("easy", "Teacher: {text}"),
    pgettext("easy", "Thank you for your work!"),
    pgettext("easy", "Thank you! I cannot use a shared location yet. Please type the city instead."),
    pgettext("easy", "That message is too long. Please make it shorter."),
    npgettext(
        "easy",
        "That message is too long: at most {n} character. Please make it shorter.",
        "That message is too long: at most {n} characters. Please make it shorter.",
    ),
    pgettext("easy", "The message is empty."),
    pgettext("easy", "There is nothing to cancel."),
    pgettext("easy", "This button is no longer valid. Send /menu to start again."),
    pgettext("easy", "This is everything we store about you."),
    pgettext("easy", "This message is out of date, so I will not read it. Send /tasks to see your tasks."),
    pgettext("easy", "This order is closed. There is nothing more to do for «{title}»."),
    pgettext("easy", "This order is not in progress any more."),
    pgettext("easy", "This task is already done."),
    pgettext("easy", "This task is not assigned to you."),
    pgettext("easy", "To stop, send /cancel."),
    pgettext("easy", "Welcome back! What would you like to do?"),
    pgettext("easy", "What would you like to do?"),
    pgettext("easy", "Write it in one message. I will send it to your teacher."),
    pgettext("easy", "You are not allowed to do this."),
    pgettext("easy", "You are sending a lot right now. Please wait a little and try again."),
    pgettext("easy", "You are welcome! Write any time."),
    pgettext("easy", "You have no open tasks. I will tell you when your teacher gives you one."),
    npgettext(
        "easy", "You have {n} more task. Send /tasks to see it.", "You have {n} more tasks. Send /tasks to see them."
    ),
    pgettext("easy", "You: {text}"),
    pgettext("easy", "Your data was deleted. Send /start to begin again."),
    pgettext("easy", "Your personal data has been deleted. Goodbye! Send /start if you come back."),
    pgettext("easy", "done"),
    pgettext("easy", "in progress"),
    pgettext("easy", "new"),
    pgettext("easy", "no due date"),
    pgettext("easy", "• /language — change language. /cancel — stop what we are doing. /menu — main menu."),
    pgettext("easy", "• /mydata — what we store about you. /deleteme — delete your personal data."),
    pgettext("easy", "• /tasks — your tasks. /easy — easy-read mode on or off."),
    npgettext("easy", "…and {n} more task. Finish these first.", "…and {n} more tasks. Finish these first."),
    pgettext("easy", "↩️ Reply"),
    pgettext("easy", "⏰ Reminder: {title}"),
    pgettext("easy", "⏰ Today: {title}"),
    pgettext("easy", "⏰ Tomorrow: {title}"),
    pgettext("easy", "✅ Got it"),
    pgettext("easy", "✅ My tasks"),
    pgettext("easy", "✅ Thank you! Your teacher can see that you got the task «{title}»."),
    pgettext("easy", "✅ Well done! I told your teacher that «{title}» is done."),
    pgettext("easy", "✅ Yes, it is done"),
    pgettext("easy", "✅ «{title}» is already done. Thank you!"),
    pgettext("easy", "✏️ New name for your task: {title}"),
    pgettext("easy", "✔ Your question about «{title}» is sent to your teacher."),
    pgettext("easy", "OK: «{title}» is not marked done. Tell me when it is."),
    pgettext("easy", "✔ Your teacher got your message."),
    pgettext("easy", "✔ Your question is sent to your teacher."),
    pgettext(
        "easy",
        "✖️ The order «{listing}» for {customer} is cancelled. Your tasks for it are closed: there is nothing more to do.",
    ),
    pgettext("easy", "❓ Help"),
    pgettext("easy", "❓ I have a question"),
    pgettext("easy", "❓ I sent your question to your teacher."),
    pgettext("easy", "❓ Your question about the task «{title}»"),
    pgettext("easy", "🌐 Language"),
    pgettext("easy", "🎉 The order «{listing}» for {customer} is complete."),
    pgettext("easy", "🏁 Done"),
    pgettext("easy", "🏁 Is the task «{title}» done?"),
    pgettext("easy", "🏁 This one is done"),
    pgettext("easy", "🏁 Which task is done?"),
    pgettext("easy", "Which one? Type its number, for example «2»."),
    pgettext("easy", "👓 Easy-read is on. I will write short sentences. Send /easy to turn it off."),
    pgettext("easy", "💬 Your teacher answers about «{task}»"),
    pgettext("easy", "📅 New due date for your task: {title}"),
    pgettext("easy", "📋 New task: {title}"),
    pgettext("easy", "📋 Task: {title}"),
    npgettext("easy", "📋 You have {n} task.", "📋 You have {n} tasks."),
    pgettext("easy", "🔊 Listen"),
    pgettext("easy", "🗑 Yes, delete"),
    pgettext("easy", "🗑 Your teacher deleted the task «{title}». You do not need to do it."),
    pgettext("easy", "🚫 The task «{title}» is not yours any more: your teacher changed who does it."),
)
