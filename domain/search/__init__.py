"""Search over active listings: typo-, diacritic- and inflection-tolerant, across the seven languages.

`service.SearchService` is the entry point; the other modules hold one stage each (text folding,
the in-process index, ranking, the PostgreSQL prefilter for very large catalogues).
"""
