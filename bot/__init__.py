"""The Telegram adapter, dialogue flows, rendering, the console chat and the `vet2b` command line."""
