"""Evalueringer (issue #13)."""
