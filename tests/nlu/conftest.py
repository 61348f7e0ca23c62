"""NLU tests use the session-wide Rasa server of tests/rasa_fixtures.py (registered in tests/conftest.py)."""
