"""The transport-agnostic conversation core: the same flows serve Telegram and the console chat."""
