"""Natural-language understanding for VET2B Chat: normalisers, language identification, intent data."""
