"""Sources of organisation data other than an uploaded file (issue #17 §2): each turns its
answers into the import's `Table`s and feeds them to `people.importing.load_tables`, the one
validation and write path, so a sync's report is the import's report.

- `os2mo` — OS2mo's GraphQL API (`lederspor sync_org --source os2mo`; docs/os2mo.md);
- `tasks` — the worker's nightly sync.
"""
