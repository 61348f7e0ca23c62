"""The marketplace's domain: models and services, free of Telegram and Rasa."""
