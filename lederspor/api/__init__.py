"""API (issue #13)."""
