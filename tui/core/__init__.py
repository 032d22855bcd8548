"""The headless core: the report model, reading raw forms, loading and validation, totals,
comparison, export and saving. Plain Python: nothing here imports Textual or Rich (tests walk
this package to prove it), so scripts and tests use it without starting an app."""
