"""Rapporter (issue #13)."""
